"""Must-show: a provider reads a plan only with the client's consent; withdrawal closes the door at once;
the access and disclosure logs (in the consent service) show what happened."""

from gateway_harness import wait_until
from gateway_platform import Platform


async def test_provider_reads_plan_only_while_consent_is_in_force_and_the_logs_tell_the_story(
    platform: Platform,
):
    region = await platform.gateway.register(
        "Kymenlaakson hyvinvointialue", "wellbeing_region", region="kymenlaakso"
    )
    provider = await platform.gateway.register("Kotitukipalvelut Oy", "service_provider")
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    await platform.service(region, plan["id"], provider.id)
    path = f"/api/v1/plans/{plan['id']}"

    before = await platform.gateway.call(provider, "GET", path)
    assert before.status_code == 403, before.text
    assert before.json()["type"].endswith("/consent-required")

    consent = await platform.grant(region, client["id"], provider.id, ["plan"])
    during = await platform.gateway.call(provider, "GET", path)
    assert during.status_code == 200, during.text
    assert during.json()["client_view"] == "Haluan asua omassa kodissa."

    await platform.withdraw(region, consent["id"])
    after = await platform.gateway.call(provider, "GET", path)
    assert after.status_code == 403
    assert "Haluan" not in after.text

    report: dict = {}

    async def logged() -> bool:
        response = await platform.gateway.call(
            region, "GET", f"/api/v1/subjects/{client['id']}/access-report"
        )
        report.update(response.json())
        disclosures = report.get("disclosures") or []
        return any(d.get("recipient_organisation_id") == provider.id for d in disclosures)

    await wait_until(logged, timeout=30)
    accesses = [a for a in report["accesses"] if a["organisation_id"] == provider.id]
    disclosures = [
        d for d in report["disclosures"] if d["recipient_organisation_id"] == provider.id
    ]
    assert len(accesses) == 1 and len(disclosures) == 1, (
        "one permitted read; the refused ones disclosed nothing"
    )
    assert disclosures[0]["consent_ids"] == [consent["id"]]
    assert disclosures[0]["request_id"] == during.headers["x-request-id"]
