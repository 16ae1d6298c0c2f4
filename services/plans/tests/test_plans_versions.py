"""Must-show 3: an edit to an approved plan makes a new version and the old one stays readable;
the lifecycle refuses illegal moves with 409; history says who changed what, when."""

import asyncio

PLAN = "/api/v1/plans/{}"


async def test_editing_an_approved_plan_creates_a_new_version_and_keeps_the_old(plans):
    client = await plans.client()
    plan = await plans.plan(
        client["id"], client_view="Haluan asua yksin.", next_review_on="2025-06-30"
    )
    pid = plan["id"]
    await plans.ok(
        "PATCH", PLAN.format(pid), json={"strengths": ["punctual"]}
    )  # a draft is edited in place
    goal = await plans.ok(
        "POST",
        PLAN.format(pid) + "/goals",
        201,
        json={
            "life_area": "work",
            "description": "Työkokeilu",
            "expressed_by": "client",
            "status": "active",
        },
    )
    approved = await plans.ok(
        "POST", PLAN.format(pid) + "/approve", json={"approved_by": "Maija Meikäläinen"}
    )
    assert approved["version"] == 1 and approved["strengths"] == ["punctual"]

    edited = await plans.ok(
        "PATCH",
        PLAN.format(pid),
        headers={"x-actor-user": "user-editor"},
        json={"client_view": "Haluan asua kumppanin kanssa.", "next_review_on": "2025-09-30"},
    )
    assert (
        edited["version"] == 2 and edited["approved"] is False and edited["approved_version"] == 1
    )
    assert edited["status"] == "active" and edited["client_view"] == "Haluan asua kumppanin kanssa."
    again = await plans.ok("PATCH", PLAN.format(pid), json={"life_situation": "Muutto keväällä."})
    assert again["version"] == 2, "the unapproved version 2 is edited in place"

    old = await plans.ok("GET", PLAN.format(pid) + "/versions/1")
    assert old["client_view"] == "Haluan asua yksin." and old["next_review_on"] == "2025-06-30"
    assert old["approved"] and old["approved_by"] == "Maija Meikäläinen"
    assert [g["id"] for g in old["approved_snapshot"]["goals"]] == [goal["id"]]
    new = await plans.ok("GET", PLAN.format(pid) + "/versions/2")
    assert new["created_by_user"] == "user-editor"
    assert sorted(new["changed_fields"]) == ["client_view", "life_situation", "next_review_on"]
    versions = await plans.ok("GET", PLAN.format(pid) + "/versions")
    assert [(v["version"], v["approved"]) for v in versions["items"]] == [(1, True), (2, False)]
    await plans.problem("GET", PLAN.format(pid) + "/versions/3", 404)

    await plans.ok("POST", PLAN.format(pid) + "/approve", json={"approved_by": "Matti Meikäläinen"})
    assert (await plans.ok("GET", PLAN.format(pid)))["approved_version"] == 2
    history = (await plans.ok("GET", PLAN.format(pid) + "/history"))["items"]
    assert [h["action"] for h in history] == [
        "created",
        "edited",
        "approved",
        "status_changed",
        "new_version",
        "edited",
        "approved",
    ]
    assert history[4]["actor_user"] == "user-editor" and history[4]["version"] == 2
    assert sorted(history[4]["fields"]) == ["client_view", "next_review_on"]
    events = await plans.events(client["id"], until={"plan_changed": 3, "plan_approved": 1})
    changes = [e["data"] for e in events if e["type"] == "plan_changed"]
    assert [(c["version"], c["new_version"]) for c in changes] == [
        (1, False),
        (2, True),
        (2, False),
    ]


async def test_plan_status_moves_only_along_its_lifecycle(plans):
    client = await plans.client()
    pid = (await plans.plan(client["id"]))["id"]
    status = PLAN.format(pid) + "/status"
    illegal = await plans.problem("POST", status, 409, json={"status": "under_review"})
    assert illegal["type"].endswith("/illegal-transition") and illegal["allowed"] == ["active"]
    activate = await plans.problem("POST", status, 409, json={"status": "active"})
    assert activate["type"].endswith("/approval-required")
    await plans.ok("POST", PLAN.format(pid) + "/approve", json={"approved_by": "Maija Meikäläinen"})
    await plans.phase(pid, "normal", "2025-01-01", "initial")
    service = await plans.service(pid, 10, per="month")
    assert (await plans.ok("POST", status, json={"status": "under_review"}))[
        "status"
    ] == "under_review"
    await plans.problem(
        "POST", PLAN.format(pid) + "/approve", 409, json={"approved_by": "X Y"}
    )  # still approved
    assert (await plans.ok("POST", status, json={"status": "active"}))["status"] == "active"
    closed = await plans.ok("POST", status, json={"status": "closed", "closed_on": "2025-03-15"})
    assert closed["status"] == "closed" and closed["closed_on"] == "2025-03-15"
    assert closed["current_phase"] is None and closed["services"][0]["valid_until"] == "2025-03-15"
    reopened = await plans.problem("POST", status, 409, json={"status": "active"})
    assert reopened["allowed"] == []
    edit = await plans.problem("PATCH", PLAN.format(pid), 409, json={"strengths": ["x"]})
    assert edit["type"].endswith("/plan-closed")
    await plans.problem(
        "POST",
        PLAN.format(pid) + "/goals",
        409,
        json={"life_area": "work", "description": "x", "expressed_by": "client"},
    )
    march = await plans.ok(
        "GET", f"/api/v1/clients/{client['id']}/realisation", params={"month": "2025-03"}
    )
    assert march["phases"][0]["days"] == 15 and march["services"][0]["planned_minutes"] == round(
        600 * 15 / 31
    )
    relations = await plans.ok("GET", f"/api/v1/clients/{client['id']}/organisations")
    assert [(r["organisation_id"], r["active"]) for r in relations] == [
        (service["provider"]["organisation_id"], False)
    ]
    second = await plans.plan(client["id"])  # a closed plan makes room for a new one
    await plans.problem(
        "POST",
        f"/api/v1/clients/{client['id']}/plans",
        409,
        json={
            "legal_basis": ["social_welfare_act"],
            "responsible_worker_id": "wrk_00000000000000000000000000000001",
            "area_coordinator_id": "wrk_c0000000000000000000000000000001",
        },
    )
    assert second["version"] == 1


async def test_goal_lifecycle_trend_and_progress_notes(plans):
    client = await plans.client()
    pid = (await plans.plan(client["id"]))["id"]
    goal = await plans.ok(
        "POST",
        PLAN.format(pid) + "/goals",
        201,
        json={
            "life_area": "finances",
            "description": "Laskut ajallaan",
            "expressed_by": "support_worker",
            "target": "No arrears for 3 months",
            "due_on": "2025-06-30",
        },
    )
    assert goal["status"] == "proposed"
    url = f"/api/v1/goals/{goal['id']}"
    illegal = await plans.problem("PATCH", url, 409, json={"status": "achieved"})
    assert illegal["allowed"] == ["active", "dropped"]
    await plans.ok("PATCH", url, json={"status": "active"})
    note = await plans.ok(
        "POST",
        url + "/progress",
        201,
        json={"noted_on": "2025-03-14", "trend": "improving", "note": "Maksoi vuokran ajallaan."},
    )
    assert note["written_by_user"] == "user-tester"
    assert (await plans.ok("GET", url))["trend"] == "improving"
    await plans.ok(
        "POST", url + "/progress", 201, json={"noted_on": "2025-04-14", "trend": "achieved"}
    )
    done = await plans.ok("PATCH", url, json={"status": "achieved"})
    assert (done["status"], done["trend"]) == ("achieved", "achieved")
    notes = await plans.ok("GET", url + "/progress")
    assert [n["noted_on"] for n in notes["items"]] == ["2025-03-14", "2025-04-14"]
    bad = await plans.problem(
        "POST", url + "/progress", 422, json={"noted_on": "2025-04-15", "trend": "better"}
    )
    assert bad["errors"][0]["field"] == "trend"
    events = await plans.events(client["id"], until={"progress_noted": 2, "goal_changed": 1})
    assert [e["data"]["trend"] for e in events if e["type"] == "progress_noted"] == [
        "improving",
        "achieved",
    ]


async def test_concurrent_child_edits_and_closing_the_plan_all_finish(plans):
    client = await plans.client()
    pid = (await plans.approved_plan(client["id"]))["id"]
    services = [await plans.service(pid, 1) for _ in range(4)]
    edits = [
        plans.http.patch(
            f"/api/v1/services/{s['id']}", json={"amount": {"hours": h, "per": "week"}}
        )
        for s in services
        for h in (2, 3)
    ]
    close = plans.http.post(
        f"/api/v1/plans/{pid}/status", json={"status": "closed", "closed_on": "2025-06-30"}
    )
    responses = await asyncio.gather(*edits, close)
    assert all(r.status_code in (200, 409) for r in responses), [
        r.text for r in responses if r.status_code >= 500
    ]
    assert responses[-1].status_code == 200
    final = await plans.ok("GET", f"/api/v1/plans/{pid}")
    assert {s["valid_until"] for s in final["services"]} == {"2025-06-30"}
    applied = [r for r in responses[:-1] if r.status_code == 200]
    assert len(applied) + sum(r.status_code == 409 for r in responses[:-1]) == 8
