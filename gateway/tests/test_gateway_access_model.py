"""Attacks on the access model, one per defect, through the real gateway, plans and consent.

Each test was written against the old rules and failed there: municipalities owned their
residents' plans, referrals reached their receiver with no basis, producers logged work on
others' services, a duplicate check named another region's client, the identity code came
with any read access, and an NGO could never be a producer.
"""

from gateway_audit_helpers import audit_rows, of_kind
from gateway_events import Receiver
from gateway_harness import serve, wait_until
from gateway_platform import Platform, synthetic_hetu

from tukiverkko_common.contracts.audit import DataDisclosed


async def _client_with_plan(platform: Platform, region) -> tuple[dict, dict]:
    client = await platform.client(region)
    return client, await platform.plan(region, client["id"])


async def test_sector_is_separate_from_role_and_any_producer_sector_can_produce(
    platform: Platform,
):
    gw = platform.gateway
    region = await gw.register("Varsinais-Suomen hva", "wellbeing_region", region="varsinais-suomi")
    karkulla = await gw.register("Kårkulla samkommun", "service_provider", sector="joint_authority")
    parish = await gw.register("Paraisten seurakunta", "ngo", sector="parish")
    assert (karkulla.organisation.sector, parish.organisation.sector) == (
        "joint_authority",
        "parish",
    )
    client, plan = await _client_with_plan(platform, region)
    assert client["municipality"] == "445"
    for producer in (karkulla, parish):
        await platform.service(region, plan["id"], producer.id)
        await platform.grant(region, client["id"], producer.id, ["plan"])
        read = await gw.call(producer, "GET", f"/api/v1/plans/{plan['id']}")
        assert read.status_code == 200, (producer.organisation.name, read.text)


async def test_a_municipality_is_a_producer_not_the_owner_of_its_residents(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Kymenlaakson hva (kunta)", "wellbeing_region")
    kouvola = await gw.register("Kouvolan kaupunki", "municipality", municipality="286")
    assert kouvola.organisation.sector == "municipal"
    resident, plan = await _client_with_plan(platform, region)
    for path in (f"/api/v1/clients/{resident['id']}", f"/api/v1/plans/{plan['id']}"):
        assert (await gw.call(kouvola, "GET", path)).status_code == 404, path
    filed = await gw.call(
        kouvola,
        "POST",
        "/api/v1/clients",
        json={
            "personal_identity_code": synthetic_hetu(),
            "languages": ["fi"],
            "municipality": "286",
            "region": "etela-savo",
        },
    )
    assert filed.status_code == 403, "a municipality registers no clients, in no region"
    listed = await gw.call(kouvola, "GET", "/api/v1/clients")
    assert resident["id"] not in listed.text
    assert not [
        r for r in await audit_rows(gw, resident["id"]) if r["organisation_id"] == kouvola.id
    ]
    # As the producer of an agreed service, with the client's consent, it reads: a disclosure.
    await platform.service(region, plan["id"], kouvola.id)
    consent = await platform.grant(region, resident["id"], kouvola.id, ["plan"])
    assert (await gw.call(kouvola, "GET", f"/api/v1/plans/{plan['id']}")).status_code == 200
    [disclosed] = of_kind(await audit_rows(gw, resident["id"]), DataDisclosed.event_type)
    assert disclosed["recipient_organisation_id"] == kouvola.id
    assert disclosed["consent_ids"] == [consent["id"]]


async def test_a_referral_reaches_its_receiver_only_on_a_basis(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Kymenlaakson hva (lähete)", "wellbeing_region")
    ngo = await gw.register("Kotikulma ry", "ngo")
    receiver = Receiver(failures=0)
    server = await serve("ngo-hook", receiver.app())
    try:
        hook = await platform.ok(
            ngo,
            "POST",
            "/api/v1/webhooks",
            201,
            json={"url": f"{server.url}/hook", "event_types": ["referral.sent"]},
        )
        receiver.secret = hook["secret"]
        client, plan = await _client_with_plan(platform, region)
        url = f"/api/v1/plans/{plan['id']}/referrals"
        body = {"organisation_id": ngo.id, "service_type": "day_activities"}
        no_basis = await gw.call(region, "POST", url, json=body)
        assert no_basis.status_code == 422 and "basis" in no_basis.text
        for junk in ({}, [], 7):  # never a 500, whatever the JSON
            odd = await gw.call(region, "POST", url, json=body | {"basis": junk})
            assert odd.status_code == 422, (junk, odd.text)
        no_consent = await gw.call(region, "POST", url, json=body | {"basis": "consent"})
        assert no_consent.status_code == 403, no_consent.text
        assert no_consent.json()["type"].endswith("/consent-required")
        assert (await platform.ok(region, "GET", url))["items"] == [], "nothing was sent"
        assert (await platform.ok(ngo, "GET", "/api/v1/referrals"))["items"] == []

        consent = await platform.grant(
            region, client["id"], ngo.id, ["service_delivery"], "disclosure_to_organisation"
        )
        sent = await platform.ok(region, "POST", url, 201, json=body | {"basis": "consent"})

        async def delivered() -> bool:
            return bool(receiver.verified)

        await wait_until(delivered, timeout=30)
        assert [p["data"]["referral_id"] for p in receiver.verified] == [sent["id"]]
    finally:
        await server.stop()
    inbox = await platform.ok(ngo, "GET", "/api/v1/referrals")
    assert [r["id"] for r in inbox["items"]] == [sent["id"]]
    disclosures = of_kind(await audit_rows(gw, client["id"]), DataDisclosed.event_type)
    sending = [d for d in disclosures if d["purpose"] == "referral"]
    assert len(sending) == 1 and sending[0]["recipient_organisation_id"] == ngo.id
    assert (sending[0]["legal_basis"], sending[0]["consent_ids"]) == ("consent", [consent["id"]])
    assert sending[0]["organisation_id"] == region.id


async def test_a_producer_records_only_its_own_work(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Kymenlaakson hva (käynnit)", "wellbeing_region")
    mine = await gw.register("Oma Tuottaja Oy", "service_provider")
    theirs = await gw.register("Toinen Tuottaja Oy", "service_provider")
    client, plan = await _client_with_plan(platform, region)
    my_service = await platform.service(region, plan["id"], mine.id)
    their_service = await platform.service(region, plan["id"], theirs.id)
    await platform.grant(
        region, client["id"], mine.id, ["service_delivery"], "disclosure_to_organisation"
    )
    url = f"/api/v1/plans/{plan['id']}/visits"
    visit = {
        "occurred_at": "2026-03-02T10:00:00+02:00",
        "minutes": 600,
        "worker_id": "wrk_" + "9" * 32,
        "method": "home_visit",
    }
    visit_fix = {"minutes": 600}
    for service_id in (their_service["id"], None, "01936f5e-0000-7000-8000-0000000000ee"):
        body = visit | ({"service_id": service_id} if service_id else {})
        refused = await gw.call(mine, "POST", url, json=body)
        assert refused.status_code == 422, (service_id, refused.text)
        assert refused.json()["errors"][0]["field"] == "service_id"
    answers = {
        (await gw.call(mine, "POST", url, json=visit | {"service_id": s})).json()["errors"][0][
            "message"
        ]
        for s in (their_service["id"], "01936f5e-0000-7000-8000-0000000000ef")
    }
    assert len(answers) == 1, "another producer's service and no service answer alike"
    own = await platform.ok(mine, "POST", url, 201, json=visit | {"service_id": my_service["id"]})
    assert own["service_id"] == my_service["id"]
    organiser = await platform.ok(region, "POST", url, 201, json=visit | {"minutes": 30})
    assert organiser["service_id"] is None
    delivered = visit | {"minutes": 45, "service_id": their_service["id"]}
    theirs_logged = await platform.ok(region, "POST", url, 201, json=delivered)
    # Correcting a visit is recording work too: only the visit's own producer may.
    for other in (organiser, theirs_logged):
        inflated = await gw.call(mine, "PATCH", f"/api/v1/visits/{other['id']}", json=visit_fix)
        assert inflated.status_code == 404, (other["service_id"], inflated.text)
    await platform.ok(mine, "PATCH", f"/api/v1/visits/{own['id']}", json={"minutes": 590})
    log = await platform.ok(region, "GET", url)
    assert sorted(v["minutes"] for v in log["items"]) == [30, 45, 590]


async def test_registration_reveals_no_other_regions_client(platform: Platform):
    gw = platform.gateway
    kymi = await gw.register("Kymenlaakson hva (oraakkeli)", "wellbeing_region")
    savo = await gw.register("Etelä-Savon hva (oraakkeli)", "wellbeing_region", region="etela-savo")
    code = synthetic_hetu()
    held = await platform.client(kymi, personal_identity_code=code)
    probe = await gw.call(
        savo,
        "POST",
        "/api/v1/clients",
        json={
            "personal_identity_code": code,
            "languages": ["fi"],
            "municipality": "491",
            "region": "etela-savo",
        },
    )
    assert probe.status_code == 201, probe.text
    assert held["id"] not in probe.text
    assert (await gw.call(savo, "GET", f"/api/v1/clients/{held['id']}")).status_code == 404
    elsewhere = await gw.call(
        kymi,
        "POST",
        "/api/v1/clients",
        json={
            "personal_identity_code": synthetic_hetu(),
            "languages": ["fi"],
            "municipality": "491",
            "region": "kymenlaakso",
        },
    )
    assert elsewhere.status_code == 422, "Mikkeli is not in Kymenlaakso"
    assert elsewhere.json()["errors"][0]["field"] == "municipality"


async def test_the_identity_code_needs_its_own_scope(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Kymenlaakson hva (hetu)", "wellbeing_region")
    provider = await gw.register("Hetu Oy", "service_provider")
    client, plan = await _client_with_plan(platform, region)
    await platform.service(region, plan["id"], provider.id)
    await platform.grant(
        region, client["id"], provider.id, ["identity"], "disclosure_to_organisation"
    )
    path = f"/api/v1/clients/{client['id']}"
    masked = await platform.ok(provider, "GET", path)
    assert masked["identity_masked"] is True
    for caller in (provider,):
        refused = await gw.call(caller, "GET", path, params={"include": "identity"})
        assert refused.status_code == 403 and "clients:identity" in refused.text
        listed = await gw.call(caller, "GET", "/api/v1/clients", params={"include": "identity"})
        assert listed.status_code == 403
    reader = {"Authorization": f"Bearer {await region.token('clients:read')}"}
    narrow = await gw.http.get(path, params={"include": "identity"}, headers=reader)
    assert narrow.status_code == 403, "read access never implies the identity code"
    full = await platform.ok(region, "GET", path, params={"include": "identity"})
    assert full["identity_masked"] is False and "****" not in full["personal_identity_code"]
