"""Realisation judged per agreed service and per phase's client work, planned only by approved
plan versions, with one weekly-to-monthly rule shown the same in every read."""

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import update

from plans.models import PlanVersion

ORG_OVER = "01936f5e-0000-7000-8000-0000000000c1"
ORG_SHORT = "01936f5e-0000-7000-8000-0000000000c2"
COORDINATOR = "wrk_c00000000000000000000000000000a1"


def _provider(org: str) -> dict:
    return {"kind": "organisation", "organisation_id": org, "sector": "private"}


async def _two_producers(plans) -> tuple[dict, str, dict, dict]:
    """March 2025 in the normal phase: one producer over-delivers, the other delivers 60 %."""
    client = await plans.client()
    pid = (await plans.approved_plan(client["id"], area_coordinator_id=COORDINATOR))["id"]
    await plans.phase(pid, "normal", "2025-03-01", "initial")
    over = await plans.service(pid, 7, per="month", provider=_provider(ORG_OVER))
    short = await plans.service(pid, 10, per="month", provider=_provider(ORG_SHORT))
    await plans.visit(pid, "2025-03-04T10:00:00+02:00", 420)  # the phase's own 7 h
    await plans.visit(pid, "2025-03-05T10:00:00+02:00", 1200, service_id=over["id"])  # 20 h of 7
    await plans.visit(pid, "2025-03-06T10:00:00+02:00", 360, service_id=short["id"])  # 6 h of 10
    return client, pid, over, short


async def test_one_producers_over_delivery_does_not_hide_anothers_shortfall(plans):
    client, _, over, short = await _two_producers(plans)
    url = f"/api/v1/clients/{client['id']}/realisation"
    march = await plans.ok("GET", url, params={"month": "2025-03"})
    # In total 1980 of 1440 minutes were delivered, yet the second producer fell short.
    assert (march["planned_minutes"], march["delivered_minutes"]) == (1440, 1980)
    assert march["shortfall"] is True
    assert [(i["service_id"], i["provider_organisation_id"]) for i in march["short_items"]] == [
        (short["id"], ORG_SHORT)
    ]
    parts = {c["service_id"]: (c["shortfall"], c["ratio"]) for c in march["components"]}
    assert parts == {None: (False, 1.0), over["id"]: (False, 2.8571), short["id"]: (True, 0.6)}

    listed = await plans.ok(
        "GET", f"/api/v1/coordinators/{COORDINATOR}/shortfalls", params={"month": "2025-03"}
    )
    [row] = listed["items"]
    assert [(i["service_type"], i["provider_organisation_id"]) for i in row["short_items"]] == [
        ("guidance_and_coaching", ORG_SHORT)
    ]
    assert (await plans.ok("POST", "/api/v1/realisation/2025-03/close"))["newly_detected"] == 1
    events = await plans.events(client["id"], until={"realisation_shortfall_detected"})
    [event] = [e["data"] for e in events if e["type"] == "realisation_shortfall_detected"]
    assert [
        (i["kind"], i["service_id"], i["provider_organisation_id"], i["plan_versions"])
        for i in event["short_items"]
    ] == [("service", short["id"], ORG_SHORT, [1])]


async def test_the_region_configures_its_tolerance(start_plans):
    async with start_plans(shortfall_threshold_by_region={"kymenlaakso": 0.5}) as plans:
        client, _, _, _ = await _two_producers(plans)
        march = await plans.ok(
            "GET", f"/api/v1/clients/{client['id']}/realisation", params={"month": "2025-03"}
        )
    assert (march["threshold"], march["shortfall"], march["short_items"]) == (0.5, False, [])


async def test_a_draft_plans_nothing(plans):
    client = await plans.client()
    pid = (await plans.plan(client["id"]))["id"]
    await plans.phase(pid, "intensive", "2025-03-01", "initial")
    await plans.service(pid, 2)
    march = await plans.ok(
        "GET", f"/api/v1/clients/{client['id']}/realisation", params={"month": "2025-03"}
    )
    assert (march["planned_minutes"], march["shortfall"]) == (0, False)
    assert all(c["planned_by_version"] == [] for c in march["components"])
    region = await plans.ok("GET", "/api/v1/realisation", params={"month": "2025-03"})
    assert [i["planned_minutes"] for i in region["items"] if i["client_id"] == client["id"]] == [0]


async def test_a_superseded_version_plans_until_the_new_one_is_approved(plans):
    client = await plans.client()
    pid = (await plans.approved_plan(client["id"]))["id"]
    await plans.phase(pid, "normal", "2025-02-01", "initial")
    await plans.ok("PATCH", f"/api/v1/plans/{pid}", json={"strengths": ["punctual"]})
    await plans.ok(
        "POST", f"/api/v1/plans/{pid}/approve", json={"approved_by": "Maija Meikäläinen"}
    )
    # Version 2 was approved on 11 March 2025 (Helsinki): version 1 plans 1-10 March.
    async with plans.runtime.sessions() as session:
        await session.execute(
            update(PlanVersion)
            .where(PlanVersion.plan_id == UUID(pid), PlanVersion.version == 2)  # type: ignore[arg-type]
            .values(approved_at=datetime(2025, 3, 10, 22, 30, tzinfo=UTC))
        )
        await session.commit()
    url = f"/api/v1/clients/{client['id']}/realisation"
    march = await plans.ok("GET", url, params={"month": "2025-03"})
    assert [(p["plan_version"], p["days"], p["planned_minutes"]) for p in march["phases"]] == [
        (1, 10, round(420 * 10 / 31)),
        (2, 21, round(420 * 21 / 31)),
    ]
    [work] = march["components"]
    assert [(v["version"], v["planned_minutes"]) for v in work["planned_by_version"]] == [
        (1, 135),
        (2, 285),
    ]
    february = await plans.ok("GET", url, params={"month": "2025-02"})
    assert [(p["plan_version"], p["days"]) for p in february["phases"]] == [(1, 28)]


async def test_february_and_march_are_planned_by_the_one_rule_in_every_read(plans):
    client = await plans.client()
    pid = (await plans.approved_plan(client["id"]))["id"]
    feb = await plans.service(pid, 2, valid_from="2025-02-01", valid_until="2025-02-28")
    mar = await plans.service(pid, 2, valid_from="2025-03-01", valid_until="2025-03-31")
    assert (feb["hours_per_month"], feb["monthly_minutes"], feb["month"]) == (8.0, 480, "2025-02")
    assert (mar["hours_per_month"], mar["monthly_minutes"], mar["month"]) == (8.85, 531, "2025-03")
    assert feb["conversion"] == mar["conversion"] == "days_in_month/7"
    url = f"/api/v1/clients/{client['id']}/realisation"
    for service, month in ((feb, "2025-02"), (mar, "2025-03")):
        found = await plans.ok("GET", url, params={"month": month})
        assert found["conversion"] == "days_in_month/7"
        assert found["planned_hours"] == service["hours_per_month"]
        assert [(s["service_id"], s["planned_minutes"]) for s in found["services"]] == [
            (service["id"], service["monthly_minutes"])
        ]
    plan = await plans.ok("GET", f"/api/v1/plans/{pid}")
    assert sorted(s["monthly_minutes"] for s in plan["services"]) == [480, 531]
