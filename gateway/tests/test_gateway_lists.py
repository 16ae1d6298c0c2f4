"""Operations across clients: each caller gets only its own part, and each returned client is logged."""

from datetime import UTC, datetime, timedelta

from gateway_audit_helpers import audit_rows
from gateway_platform import Platform


async def test_client_lists_hold_only_the_callers_own_clients_each_logged(platform: Platform):
    gw = platform.gateway
    savo = await gw.register("Etelä-Savon hva", "wellbeing_region", region="etela-savo")
    kymi = await gw.register("Kymenlaakson hva (listat)", "wellbeing_region", region="kymenlaakso")
    since = (datetime.now(UTC) - timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    own = await platform.client(savo, municipality="491", district="mikkeli-keskusta")
    other = await platform.client(kymi)
    listed = await platform.ok(
        savo, "GET", "/api/v1/clients", params={"limit": "100", "modified_after": since}
    )
    ids = {c["id"] for c in listed["items"]}
    assert own["id"] in ids and other["id"] not in ids
    assert all(c["region"] == "etela-savo" for c in listed["items"])
    entries = [r for r in await audit_rows(gw, own["id"]) if r["action"] == "list"]
    assert entries and entries[-1]["organisation_id"] == savo.id


async def test_a_provider_sees_only_referrals_sent_to_it(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Lähettäjä", "wellbeing_region")
    mine = await gw.register("Saaja Oy", "service_provider")
    theirs = await gw.register("Kilpailija Oy", "service_provider")
    since = (datetime.now(UTC) - timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    to_me = await platform.referral(region, plan["id"], mine.id)
    to_them = await platform.referral(region, plan["id"], theirs.id)
    await platform.grant(
        region, client["id"], mine.id, ["service_delivery"], purpose="disclosure_to_organisation"
    )
    inbox = await platform.ok(
        mine, "GET", "/api/v1/referrals", params={"limit": "100", "modified_after": since}
    )
    ids = {r["id"] for r in inbox["items"]}
    assert to_me["id"] in ids and to_them["id"] not in ids
    assert (await gw.call(mine, "GET", f"/api/v1/referrals/{to_them['id']}")).status_code == 404
    assert (await gw.call(mine, "GET", f"/api/v1/referrals/{to_me['id']}")).status_code == 200


async def test_the_regions_month_gives_a_dashboard_totals_and_the_region_its_rows(
    platform: Platform,
):
    gw = platform.gateway
    region = await gw.register("Kuukausialue", "wellbeing_region", region="pohjois-karjala")
    dashboard = await gw.register("Kuukausinäyttö", "dashboard", region="pohjois-karjala")
    stranger = await gw.register("Vieras alue", "wellbeing_region", region="lappi")
    client = await platform.client(region, municipality="167", district="joensuu-keskusta")
    plan = await platform.plan(region, client["id"])
    await platform.ok(
        region,
        "POST",
        f"/api/v1/plans/{plan['id']}/phases",
        201,
        json={"phase": "normal", "started_on": "2026-03-01", "reason_code": "progress"},
    )
    await platform.ok(
        region,
        "POST",
        f"/api/v1/plans/{plan['id']}/visits",
        201,
        json={
            "occurred_at": "2026-03-03T10:00:00+02:00",
            "minutes": 90,
            "worker_id": "wrk_" + "1" * 32,
            "method": "home_visit",
        },
    )
    month = {"month": "2026-03"}
    own = await platform.ok(region, "GET", "/api/v1/realisation", params=month)
    assert [row["client_id"] for row in own["items"]] == [client["id"]]
    assert own["clients"] == 1 and own["delivered_minutes"] == 90
    totals = await platform.ok(dashboard, "GET", "/api/v1/realisation", params=month)
    # One client: a dashboard gets no row, and the month's figures are suppressed (fewer than five).
    assert totals["items"] == [] and totals["clients"] == "<5"
    assert totals["delivered_minutes"] is None and totals["planned_minutes"] is None
    assert client["id"] not in str(totals)
    foreign = await platform.ok(stranger, "GET", "/api/v1/realisation", params=month)
    assert foreign["items"] == [] and foreign["clients"] == 0


async def test_a_providers_overview_holds_only_the_parts_the_client_consented_to(
    platform: Platform,
):
    gw = platform.gateway
    region = await gw.register("Yleiskuva-alue", "wellbeing_region")
    provider = await gw.register("Yleiskuva Oy", "service_provider")
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    await platform.service(region, plan["id"], provider.id)
    await platform.grant(region, client["id"], provider.id, ["plan"])
    overview = await platform.ok(provider, "GET", f"/api/v1/clients/{client['id']}/overview")
    assert overview["plans"]["count"] == 1
    missing = {m["part"]: m["reason"] for m in overview["missing"]}
    assert missing["realisation"] == "consent_required"
    assert missing["consents"] == "not_permitted"
    disclosed = [
        r for r in await audit_rows(gw, client["id"]) if r["type"].endswith("data_disclosed.v1")
    ]
    assert [d["data_category"] for d in disclosed] == ["plan"]
