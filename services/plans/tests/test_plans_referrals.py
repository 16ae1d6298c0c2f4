"""Must-show 4: a referral declined with a reason shows that reason in the plan; the gateway's lookups."""

ORG_PROVIDER = "01936f5e-0000-7000-8000-0000000000c1"
ORG_PARTNER = "01936f5e-0000-7000-8000-0000000000c2"


async def test_declined_referral_shows_its_reason_in_the_plan(plans):
    client = await plans.client()
    plan = await plans.approved_plan(client["id"])
    pid = plan["id"]
    sent = await plans.ok(
        "POST",
        f"/api/v1/plans/{pid}/referrals",
        201,
        json={
            "organisation_id": ORG_PROVIDER,
            "service_type": "day_activities",
            "basis": "consent",
            "needed_from": "2025-04-01",
            "message": "Tiistaiaamut sopivat.",
        },
    )
    assert sent["status"] == "sent" and sent["client_id"] == client["id"]
    other = await plans.ok(
        "POST",
        f"/api/v1/plans/{pid}/referrals",
        201,
        json={
            "organisation_id": ORG_PARTNER,
            "service_type": "job_coaching",
            "basis": "purchase_contract",
        },
    )
    url = f"/api/v1/referrals/{sent['id']}/answer"
    missing = await plans.problem("POST", url, 422, json={"status": "declined"})
    assert missing["errors"][0]["field"] == "decline_reason"
    unknown = await plans.problem(
        "POST", url, 422, json={"status": "declined", "decline_reason": "busy"}
    )
    assert unknown["errors"][0]["field"] == "decline_reason"
    declined = await plans.ok(
        "POST",
        url,
        headers={"x-actor-organisation": ORG_PROVIDER},
        json={
            "status": "declined",
            "decline_reason": "no_capacity",
            "note": "Täynnä syksyyn asti.",
        },
    )
    assert declined["status"] == "declined" and declined["answered_at"] is not None
    late = await plans.problem("POST", url, 409, json={"status": "accepted"})
    assert late["allowed"] == []
    await plans.ok("POST", f"/api/v1/referrals/{other['id']}/answer", json={"status": "accepted"})
    await plans.problem(
        "POST",
        f"/api/v1/referrals/{other['id']}/answer",
        422,
        json={"status": "delivered", "decline_reason": "other"},
    )
    await plans.ok("POST", f"/api/v1/referrals/{other['id']}/answer", json={"status": "delivered"})

    shown = await plans.ok("GET", f"/api/v1/plans/{pid}")
    by_org = {r["organisation_id"]: r for r in shown["referrals"]}
    assert (by_org[ORG_PROVIDER]["status"], by_org[ORG_PROVIDER]["decline_reason"]) == (
        "declined",
        "no_capacity",
    )
    assert by_org[ORG_PROVIDER]["answer_note"] == "Täynnä syksyyn asti."
    assert (
        by_org[ORG_PARTNER]["status"] == "delivered"
        and by_org[ORG_PARTNER]["decline_reason"] is None
    )
    inbox = await plans.ok("GET", "/api/v1/referrals", params={"organisation_id": ORG_PARTNER})
    assert [r["id"] for r in inbox["items"]] == [other["id"]]

    events = await plans.events(client["id"], until={"referral_sent": 2, "referral_answered": 3})
    answers = [
        (e["data"]["organisation_id"], e["data"]["status"], e["data"]["decline_reason"])
        for e in events
        if e["type"] == "referral_answered"
    ]
    assert answers == [
        (ORG_PROVIDER, "declined", "no_capacity"),
        (ORG_PARTNER, "accepted", None),
        (ORG_PARTNER, "delivered", None),
    ]
    assert all("Täynnä" not in e["raw"] and "Tiistai" not in e["raw"] for e in events)


async def test_gateway_lookups_ownership_and_related_organisations(plans):
    client = await plans.client()
    cid = client["id"]
    plan = await plans.approved_plan(cid)
    pid = plan["id"]
    service = await plans.service(pid, 3, valid_from="2024-01-01")
    ended = await plans.service(
        pid,
        3,
        valid_from="2024-01-01",
        valid_until="2024-06-30",
        provider={"kind": "organisation", "organisation_id": ORG_PARTNER, "sector": "private"},
    )
    informal = await plans.service(pid, 2, provider={"kind": "informal", "relation": "neighbour"})
    referral = await plans.ok(
        "POST",
        f"/api/v1/plans/{pid}/referrals",
        201,
        json={
            "organisation_id": ORG_PROVIDER,
            "service_type": "mobility_support",
            "basis": "consent",
        },
    )
    visit = await plans.visit(pid, "2024-05-05T12:00:00+03:00", 30, service_id=service["id"])
    phase = await plans.phase(pid, "light", "2024-01-01", "initial")

    expected_org = {
        ("client", cid): None,
        ("plan", pid): None,
        ("phase", phase["id"]): None,
        ("service", service["id"]): service["provider"]["organisation_id"],
        ("service", informal["id"]): None,
        ("referral", referral["id"]): ORG_PROVIDER,
        ("visit", visit["id"]): service["provider"]["organisation_id"],
    }
    for (kind, ident), organisation in expected_org.items():
        owner = await plans.ok("GET", f"/api/v1/ownership/{kind}/{ident}")
        assert (owner["client_id"], owner["organisation_id"]) == (cid, organisation), kind
        assert owner["owner_organisation_id"] == plans.http.headers["x-actor-organisation"]
        assert (owner["region"], owner["municipality"]) == (
            client["region"],
            client["municipality"],
        )
    await plans.problem("GET", f"/api/v1/ownership/goal/{pid}", 404)  # a plan id is not a goal
    await plans.problem("GET", f"/api/v1/ownership/card/{pid}", 422)

    relations = await plans.ok("GET", f"/api/v1/clients/{cid}/organisations")
    found = sorted(
        (r["organisation_id"], r["relation"], r["active"], r["until"]) for r in relations
    )
    assert found == sorted(
        [
            (service["provider"]["organisation_id"], "service", True, None),
            (ORG_PARTNER, "service", False, "2024-06-30"),
            (ORG_PROVIDER, "referral", True, None),
        ]
    )
    assert ended["valid_until"] == "2024-06-30"
    await plans.problem(
        "GET", "/api/v1/clients/01936f5e-0000-7000-8000-0000000000ff/organisations", 404
    )
    unauthorised = await plans.http.get(
        f"/api/v1/ownership/client/{cid}", headers={"x-internal-token": "wrong"}
    )
    assert unauthorised.status_code == 401
