"""The client's own access report names organisations (name, role, sector) in Finnish and Swedish,
and comes as a document (HTML or PDF) the region can hand to the client."""

from gateway_harness import wait_until
from gateway_platform import Platform


async def _client_with_a_disclosure(platform: Platform) -> tuple:
    region = await platform.gateway.register(
        "Kymenlaakson hyvinvointialue R", "wellbeing_region", region="kymenlaakso"
    )
    provider = await platform.gateway.register("Kårkulla samkommun R", "service_provider")
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    await platform.service(region, plan["id"], provider.id)
    await platform.grant(region, client["id"], provider.id, ["plan"])
    read = await platform.gateway.call(provider, "GET", f"/api/v1/plans/{plan['id']}")
    assert read.status_code == 200, read.text
    return region, provider, client


async def test_the_report_names_organisations_in_swedish_and_finnish(platform: Platform):
    region, provider, client = await _client_with_a_disclosure(platform)
    path = f"/api/v1/subjects/{client['id']}/access-report/document"
    report: dict = {}

    async def disclosed() -> bool:
        response = await platform.gateway.call(
            region, "GET", path, params={"format": "json", "lang": "sv"}
        )
        assert response.status_code == 200, response.text
        report.update(response.json())
        return any(
            d["recipient"]["name"] == provider.organisation.name for d in report["disclosures"]
        )

    await wait_until(disclosed, timeout=30)
    named = {o["organisation_id"]: o for o in report["organisations"]}
    assert named[provider.id]["name"] == "Kårkulla samkommun R"
    assert (named[provider.id]["role"], named[provider.id]["sector"]) == (
        "serviceproducent",
        "privat",
    )
    assert named[region.id]["role"] == "välfärdsområde (anordnare)"
    assert named[region.id]["sector"] == "offentlig (välfärdsområde)"

    html = await platform.gateway.call(region, "GET", path, params={"format": "html", "lang": "fi"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    page = html.text
    assert "Kårkulla samkommun R" in page and "Kymenlaakson hyvinvointialue R" in page
    assert "Luovutusloki" in page and "palveluntuottaja" in page and "julkinen" in page
    assert provider.id not in page and region.id not in page, "organisations are named, not ids"

    pdf = await platform.gateway.call(region, "GET", path, params={"format": "pdf", "lang": "sv"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


async def test_the_document_follows_the_reports_access_rules(platform: Platform):
    region, provider, client = await _client_with_a_disclosure(platform)
    path = f"/api/v1/subjects/{client['id']}/access-report/document"
    stranger = await platform.gateway.register(
        "Lapin hyvinvointialue R", "wellbeing_region", region="lappi"
    )
    assert (await platform.gateway.call(stranger, "GET", path)).status_code == 404
    assert (await platform.gateway.call(provider, "GET", path)).status_code == 403
    assert (await platform.gateway.call(None, "GET", path)).status_code == 401
    bad = await platform.gateway.call(region, "GET", path, params={"lang": "en"})
    assert bad.status_code == 422
