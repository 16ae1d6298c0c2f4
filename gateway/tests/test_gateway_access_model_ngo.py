"""Must-show: an NGO as a producer, end to end through the real gateway, plans and consent.

Kouvolan Asukastupa ry receives a referral on the client's consent, answers it, logs its
visits against the service agreed with it, reads the plan once the client consents to plan
sharing, and loses access when the client withdraws.
"""

from gateway_audit_helpers import audit_rows, of_kind
from gateway_platform import Platform

from tukiverkko_common.contracts.audit import DataDisclosed
from tukiverkko_common.contracts.plans import new_worker_id

VISIT = {
    "occurred_at": "2026-03-10T17:00:00+02:00",
    "worker_id": new_worker_id(),  # the NGO's own pseudonymous id for its volunteer
    "method": "meeting",
}


async def test_an_ngo_produces_a_service_on_the_clients_consent_and_loses_access_on_withdrawal(
    platform: Platform,
):
    gw = platform.gateway
    region = await gw.register("Kymenlaakson hyvinvointialue (tarina)", "wellbeing_region")
    ngo = await gw.register("Kouvolan Asukastupa ry", "ngo")
    assert ngo.organisation.sector == "third_sector"
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    referrals = f"/api/v1/plans/{plan['id']}/referrals"

    # The client agrees that the region may tell the association about the support needed.
    sharing = await platform.grant(
        region, client["id"], ngo.id, ["service_delivery"], "disclosure_to_organisation"
    )
    referral = await platform.ok(
        region,
        "POST",
        referrals,
        201,
        json={
            "organisation_id": ngo.id,
            "service_type": "day_activities",
            "basis": "consent",
            "message": "Torstai-illat sopivat.",
        },
    )
    inbox = await platform.ok(ngo, "GET", "/api/v1/referrals")
    assert [r["id"] for r in inbox["items"]] == [referral["id"]]
    answer = f"/api/v1/referrals/{referral['id']}/answer"
    accepted = await platform.ok(ngo, "POST", answer, json={"status": "accepted"})
    assert accepted["status"] == "accepted"

    # The region agrees the service with the association as its producer.
    service = await platform.ok(
        region,
        "POST",
        f"/api/v1/plans/{plan['id']}/services",
        201,
        json={
            "service_type": "day_activities",
            "legal_basis": "social_welfare_act",
            "provider": {
                "kind": "organisation",
                "organisation_id": ngo.id,
                "sector": "third_sector",
            },
            "amount": {"hours": 2, "per": "week"},
            "valid_from": "2026-01-01",
        },
    )
    visits = f"/api/v1/plans/{plan['id']}/visits"
    for minutes in (90, 120):
        await platform.ok(
            ngo, "POST", visits, 201, json=VISIT | {"minutes": minutes, "service_id": service["id"]}
        )
    regions_work = await gw.call(ngo, "POST", visits, json=VISIT | {"minutes": 60})
    assert regions_work.status_code == 422, "the association logs only its own service's work"
    logged = await platform.ok(ngo, "GET", visits)
    assert sorted(v["minutes"] for v in logged["items"]) == [90, 120]

    # The plan is shared only once the client consents to plan sharing.
    plan_path = f"/api/v1/plans/{plan['id']}"
    assert (await gw.call(ngo, "GET", plan_path)).status_code == 403
    plan_consent = await platform.grant(region, client["id"], ngo.id, ["plan"])
    assert (await platform.ok(ngo, "GET", plan_path))[
        "client_view"
    ] == "Haluan asua omassa kodissa."

    # Withdrawal closes the door at once: the plan, then everything the disclosure consent covered.
    await platform.withdraw(region, plan_consent["id"])
    assert (await gw.call(ngo, "GET", plan_path)).status_code == 403
    await platform.withdraw(region, sharing["id"])
    for method, path in (
        ("GET", visits),
        ("GET", f"/api/v1/referrals/{referral['id']}"),
    ):
        assert (await gw.call(ngo, method, path)).status_code == 403, path
    assert (await platform.ok(ngo, "GET", "/api/v1/referrals"))["items"] == []
    late = await gw.call(
        ngo, "POST", visits, json=VISIT | {"minutes": 30, "service_id": service["id"]}
    )
    assert late.status_code == 403

    # Every disclosure to the association is in the log with its basis.
    disclosures = [
        d
        for d in of_kind(await audit_rows(gw, client["id"]), DataDisclosed.event_type)
        if d["recipient_organisation_id"] == ngo.id
    ]
    assert {d["legal_basis"] for d in disclosures} == {"consent"}
    assert {c for d in disclosures for c in d["consent_ids"]} == {sharing["id"], plan_consent["id"]}
    assert any(d["purpose"] == "referral" for d in disclosures)
