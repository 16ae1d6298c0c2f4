"""Housing follow-up: observations open intervention tasks with a due time; overdue tasks are listed."""

from datetime import UTC, datetime, timedelta


async def test_observations_open_tasks_and_overdue_ones_are_listed(plans):
    client = await plans.client(district="kuusaa")
    plan = await plans.approved_plan(
        client["id"], area_coordinator_id="wrk_c0000000000000000000000000000009"
    )
    pid = plan["id"]
    url = f"/api/v1/plans/{pid}/observations"
    paid = await plans.ok(
        "POST",
        url,
        201,
        json={"kind": "rent_payment", "observed_on": "2025-03-05", "rent_status": "paid"},
    )
    assert paid["task"] is None
    unpaid = await plans.ok(
        "POST",
        url,
        201,
        json={
            "kind": "rent_payment",
            "observed_on": "2025-03-05",
            "rent_status": "unpaid",
            "amount_overdue_eur": 540,
        },
    )
    # No phase: due in 5 working days (Wednesday 5 March -> Wednesday 12 March, 16:00 Helsinki).
    assert unpaid["task"]["due_at"] == "2025-03-12T14:00:00Z" and unpaid["task"]["overdue"] is True
    assert (
        unpaid["task"]["assigned_to"] == "wrk_00000000000000000000000000000001"
        and unpaid["task"]["kind"] == "rent_follow_up"
    )
    soon = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    fresh = await plans.ok(
        "POST",
        url,
        201,
        json={
            "kind": "disturbance",
            "observed_on": "2025-03-07",
            "severity": "high",
            "note": "Melua yöllä.",
            "task_due_at": soon,
            "assigned_to": "wrk_00000000000000000000000000000002",
        },
    )
    assert fresh["task"]["overdue"] is False and fresh["task"]["kind"] == "disturbance_intervention"

    overdue = await plans.ok("GET", "/api/v1/tasks", params={"overdue": "true"})
    assert [t["id"] for t in overdue["items"]] == [unpaid["task"]["id"]]
    mine = await plans.ok(
        "GET",
        "/api/v1/tasks",
        params={
            "overdue": "true",
            "area_coordinator_id": "wrk_c0000000000000000000000000000009",
            "district": "kuusaa",
        },
    )
    assert [t["id"] for t in mine["items"]] == [unpaid["task"]["id"]]
    assert (
        await plans.ok(
            "GET", "/api/v1/tasks", params={"overdue": "true", "area_coordinator_id": "x"}
        )
    )["items"] == []
    closed = await plans.ok(
        "POST",
        f"/api/v1/tasks/{unpaid['task']['id']}/close",
        json={"outcome": "payment_plan_agreed"},
    )
    assert closed["status"] == "closed" and closed["overdue"] is False
    await plans.problem(
        "POST", f"/api/v1/tasks/{unpaid['task']['id']}/close", 409, json={"outcome": "resolved"}
    )
    assert (await plans.ok("GET", "/api/v1/tasks", params={"overdue": "true"}))["items"] == []
    listed = await plans.ok("GET", url)
    assert [o["task"]["status"] if o["task"] else None for o in listed["items"]] == [
        None,
        "closed",
        "open",
    ]

    events = await plans.events(
        client["id"], until={"observation_recorded": 3, "task_opened": 1, "task_closed": 1}
    )
    assert [e["data"]["kind"] for e in events if e["type"] == "observation_recorded"] == [
        "rent_payment",
        "rent_payment",
        "disturbance",
    ]
    closes = [e["data"] for e in events if e["type"] == "task_closed"]
    assert (
        len(closes) == 1
        and closes[0]["overdue"] is True
        and closes[0]["outcome"] == "payment_plan_agreed"
    )
    assert all("Melua" not in e["raw"] for e in events)


async def test_observation_input_is_checked_per_kind_and_nothing_half_written(plans):
    client = await plans.client()
    pid = (await plans.approved_plan(client["id"]))["id"]
    url = f"/api/v1/plans/{pid}/observations"
    cases = [
        ({"kind": "disturbance", "observed_on": "2025-03-07"}, "severity"),
        ({"kind": "rent_payment", "observed_on": "2025-03-07"}, "rent_status"),
        (
            {
                "kind": "disturbance",
                "observed_on": "2025-03-07",
                "severity": "low",
                "rent_status": "paid",
            },
            "rent_status",
        ),
        ({"kind": "noise", "observed_on": "2025-03-07"}, "kind"),
        (
            {
                "kind": "rent_payment",
                "observed_on": "2025-03-07",
                "rent_status": "late",
                "amount_overdue_eur": -1,
            },
            "amount_overdue_eur",
        ),
    ]
    for body, field in cases:
        problem = await plans.problem("POST", url, 422, json=body)
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    assert (await plans.ok("GET", url))["items"] == []
    assert (await plans.ok("GET", f"/api/v1/plans/{pid}/tasks"))["items"] == []
