"""Must-show 1: a plan's full life cycle through the API, ending in a shortfall event on the topic."""

PLAN = "/api/v1/plans/{}"


async def _build_record(plans) -> tuple[dict, dict, dict]:
    """Client, draft plan with goals and a weekly service, approval, phases forward and back."""
    client = await plans.client()
    plan = await plans.plan(
        client["id"],
        client_view="Haluan oman kodin.",
        next_review_on="2025-06-30",
        disagreements=[
            {
                "about": "moving date",
                "client_view": "now",
                "worker_view": "after assessment",
                "reasons": "rent arrears",
            }
        ],
    )
    assert plan["status"] == "draft" and plan["version"] == 1 and not plan["approved"]
    pid = plan["id"]
    housing = await plans.ok(
        "POST",
        PLAN.format(pid) + "/goals",
        201,
        json={
            "life_area": "housing",
            "description": "Oma koti",
            "expressed_by": "client",
            "due_on": "2025-05-31",
        },
    )
    await plans.ok(
        "POST",
        PLAN.format(pid) + "/goals",
        201,
        json={
            "life_area": "leisure",
            "description": "Uimahalli kerran viikossa",
            "expressed_by": "client",
        },
    )
    service = await plans.service(pid, 2, goal_ids=[housing["id"]])
    approved = await plans.ok(
        "POST", PLAN.format(pid) + "/approve", json={"approved_by": "Maija Meikäläinen"}
    )
    assert (
        approved["status"] == "active"
        and approved["approved"]
        and approved["approved_by"] == "Maija Meikäläinen"
    )
    await plans.phase(pid, "readiness_assessment", "2025-01-01", "initial")
    await plans.phase(pid, "intensive", "2025-01-16")
    await plans.phase(pid, "normal", "2025-02-01")
    back = await plans.phase(pid, "intensive", "2025-02-15", "setback")
    assert back["direction"] == "back" and back["previous_phase"] == "normal"
    return client, approved, service


async def _log_visits(plans, pid: str, service_id: str) -> None:
    """January is delivered in full; February falls short. Helsinki decides the month."""
    await plans.visit(pid, "2025-01-10T10:00:00+02:00", 600, method="meeting")
    await plans.visit(pid, "2025-01-20T10:00:00+02:00", 600, method="network_meeting")
    await plans.visit(pid, "2025-01-22T10:00:00+02:00", 540, service_id=service_id)
    await plans.visit(pid, "2025-01-31T22:30:00Z", 60)  # 00:30 on 1 February in Helsinki
    await plans.visit(
        pid, "2025-02-10T10:00:00+02:00", 60, method="phone", note="Puhelu vuokrasta."
    )
    await plans.visit(pid, "2025-02-21T10:00:00+02:00", 120, service_id=service_id)
    await plans.visit(pid, "2025-02-28T22:30:00Z", 90)  # 00:30 on 1 March in Helsinki


async def test_plan_life_cycle_from_client_to_shortfall_event(plans):
    client, plan, service = await _build_record(plans)
    cid, pid = client["id"], plan["id"]
    await _log_visits(plans, pid, service["id"])

    feb = await plans.ok("GET", f"/api/v1/clients/{cid}/realisation", params={"month": "2025-02"})
    # Phases: normal 14 days of 420 min/month + intensive 14 days of 660 → 540; service 2 h/week × 4 weeks → 480.
    assert (feb["planned_minutes"], feb["delivered_minutes"]) == (1020, 240)
    assert feb["phase_planned_minutes"] == 540 and feb["phase_delivered_minutes"] == 120
    assert [(p["phase"], p["days"]) for p in feb["phases"]] == [("normal", 14), ("intensive", 14)]
    assert (
        feb["services"][0]["planned_minutes"] == 480
        and feb["services"][0]["delivered_minutes"] == 120
    )
    assert (
        feb["shortfall"] is True
        and feb["ratio"] == round(240 / 1020, 4)
        and feb["planned_hours"] == 17.0
    )
    jan = await plans.ok("GET", f"/api/v1/clients/{cid}/realisation", params={"month": "2025-01"})
    assert (
        jan["delivered_minutes"] == 1740
        and jan["planned_minutes"] == 660 + 531
        and jan["shortfall"] is False
    )

    for month, detected in (
        ("2025-01", 0),
        ("2025-02", 1),
        ("2025-02", 0),
    ):  # closing again repeats nothing
        closed = await plans.ok("POST", f"/api/v1/realisation/{month}/close")
        assert closed["newly_detected"] == detected, month
    listed = await plans.ok(
        "GET",
        "/api/v1/coordinators/wrk_c0000000000000000000000000000001/shortfalls",
        params={"month": "2025-02"},
    )
    assert [(i["client_id"], i["event_raised"]) for i in listed["items"]] == [(cid, True)]
    assert (
        await plans.ok(
            "GET",
            "/api/v1/coordinators/wrk_c0000000000000000000000000000002/shortfalls",
            params={"month": "2025-02"},
        )
    )["items"] == []

    events = await plans.events(
        cid, until={"realisation_shortfall_detected": 1, "visit_recorded": 1, "phase_changed": 4}
    )
    types = [e["type"] for e in events]
    for expected in (
        "client_registered",
        "plan_created",
        "goal_recorded",
        "service_agreed",
        "plan_approved",
        "plan_status_changed",
        "phase_changed",
        "visit_recorded",
    ):
        assert expected in types, expected
    assert types.index("plan_created") < types.index("plan_approved") < types.index("phase_changed")
    assert [e["data"]["direction"] for e in events if e["type"] == "phase_changed"] == [
        "start",
        "forward",
        "forward",
        "back",
    ]
    shortfalls = [e["data"] for e in events if e["type"] == "realisation_shortfall_detected"]
    assert len(shortfalls) == 1
    short_items = shortfalls[0].pop("short_items")
    assert [(i["kind"], i["service_id"], i["planned_minutes"]) for i in short_items] == [
        ("phase_work", None, 540),
        ("service", service["id"], 480),
    ]
    assert shortfalls[0] | {"ratio": None} == {
        "client_id": cid,
        "plan_id": pid,
        "month": "2025-02",
        "planned_minutes": 1020,
        "delivered_minutes": 240,
        "ratio": None,
        "threshold": 0.8,
        "area_coordinator_id": "wrk_c0000000000000000000000000000001",
        "district": "kouvola-keskusta",
    }
    code = (await plans.ok("GET", f"/api/v1/clients/{cid}", params={"include": "identity"}))[
        "personal_identity_code"
    ]
    for event in events:  # payloads carry ids, codes, dates and amounts only
        assert event["headers"]["ce_subject"] == cid
        for secret in ("Puhelu", "Haluan", "Maija", "rent arrears", code):
            assert secret not in event["raw"], (event["type"], secret)


async def test_region_month_matches_each_client_month_and_filters(plans):
    rows = []
    for n, (district, coordinator, visited) in enumerate(
        [
            ("kuusankoski", "wrk_c0000000000000000000000000000001", 420),
            ("kuusankoski", "wrk_c0000000000000000000000000000002", 100),
            ("valkeala", "wrk_c0000000000000000000000000000001", 0),
        ]
    ):
        client = await plans.client(district=district)
        plan = await plans.approved_plan(client["id"], area_coordinator_id=coordinator)
        await plans.phase(plan["id"], "normal", "2024-12-01", "initial")
        if visited:
            await plans.visit(plan["id"], f"2025-03-{10 + n}T12:00:00+02:00", visited)
        rows.append(client["id"])
    region = await plans.ok("GET", "/api/v1/realisation", params={"month": "2025-03"})
    assert (
        region["clients"] == 3
        and region["shortfalls"] == 2
        and region["planned_minutes"] == 3 * 420
    )
    for item in region["items"]:
        single = await plans.ok(
            "GET", f"/api/v1/clients/{item['client_id']}/realisation", params={"month": "2025-03"}
        )
        assert (single["planned_minutes"], single["delivered_minutes"], single["shortfall"]) == (
            item["planned_minutes"],
            item["delivered_minutes"],
            item["shortfall"],
        )
    east = await plans.ok(
        "GET", "/api/v1/realisation", params={"month": "2025-03", "district": "kuusankoski"}
    )
    assert sorted(i["client_id"] for i in east["items"]) == sorted(rows[:2])
    mine = await plans.ok(
        "GET",
        "/api/v1/realisation",
        params={"month": "2025-03", "area_coordinator_id": "wrk_c0000000000000000000000000000001"},
    )
    assert sorted(i["client_id"] for i in mine["items"]) == sorted([rows[0], rows[2]])
    bad = await plans.problem("GET", "/api/v1/realisation", 422, params={"month": "2025-13"})
    assert bad["errors"][0]["field"] == "query.month"
