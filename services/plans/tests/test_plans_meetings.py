"""Planned, regular meetings (seed 003): a plan schedules them, visits hold their occurrences, and
an occurrence not held is on the worker's and the coordinator's lists from the next day."""

from datetime import timedelta

from tukiverkko_common.clock import helsinki_date, utcnow

WORKER = "wrk_000000000000000000000000000000e1"
COORDINATOR = "wrk_c00000000000000000000000000000e1"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


async def _plan(plans) -> tuple[dict, str]:
    client = await plans.client()
    plan = await plans.approved_plan(client["id"], area_coordinator_id=COORDINATOR)
    return client, plan["id"]


async def _schedule(plans, pid: str, **body: object) -> dict:
    body = {"time": "10:00", "method": "home_visit", "worker_id": WORKER, **body}
    return await plans.ok("POST", f"/api/v1/plans/{pid}/meetings", 201, json=body)


async def _missed(plans, **params: str) -> list[tuple[str, str]]:
    found = await plans.ok("GET", "/api/v1/meetings/missed", params=params)
    return [(m["schedule_id"], m["scheduled_on"]) for m in found["items"]]


async def test_a_weekly_meeting_not_held_is_on_the_lists_the_next_day(plans):
    _, pid = await _plan(plans)
    today = helsinki_date(utcnow())
    yesterday = today - timedelta(days=1)
    start = today - timedelta(days=14)
    missed = await _schedule(
        plans, pid, weekday=WEEKDAYS[yesterday.weekday()], starts_on=str(start)
    )
    later = await _schedule(plans, pid, weekday=WEEKDAYS[today.weekday()], starts_on=str(start))
    week_ago = yesterday - timedelta(days=7)
    held = {"schedule_id": missed["id"], "scheduled_on": str(week_ago)}
    await plans.visit(pid, f"{week_ago}T10:00:00+02:00", 60, **held)
    for today_held in (later["id"],):  # today's and last week's occurrences of the other one
        for day in (today - timedelta(days=7), today - timedelta(days=14)):
            await plans.visit(
                pid, f"{day}T10:00:00+02:00", 45, schedule_id=today_held, scheduled_on=str(day)
            )
    # Yesterday's meeting was not held; today's has not passed yet.
    assert await _missed(plans, worker_id=WORKER) == [(missed["id"], str(yesterday))]
    assert await _missed(plans, area_coordinator_id=COORDINATOR) == [(missed["id"], str(yesterday))]
    assert await _missed(plans, worker_id="wrk_000000000000000000000000000000e2") == []


async def test_visits_hold_occurrences_and_the_rest_are_missed(plans):
    client, pid = await _plan(plans)
    schedule = await _schedule(
        plans, pid, weekday="tuesday", starts_on="2025-03-01", ends_on="2025-03-31"
    )
    sid = schedule["id"]
    assert (schedule["weekday"], schedule["time"], schedule["every_weeks"]) == (
        "tuesday",
        "10:00",
        1,
    )
    await plans.visit(pid, "2025-03-04T10:05:00+02:00", 60, schedule_id=sid)  # its own day
    await plans.visit(
        pid, "2025-03-12T09:00:00+02:00", 60, schedule_id=sid, scheduled_on="2025-03-11"
    )
    await plans.visit(pid, "2025-03-25T10:00:00+02:00", 60, schedule_id=sid)
    march = {"since": "2025-03-01", "until": "2025-03-31"}
    assert await _missed(plans, worker_id=WORKER, **march) == [(sid, "2025-03-18")]
    wrong_day = await plans.problem(
        "POST",
        f"/api/v1/plans/{pid}/visits",
        422,
        json={
            "occurred_at": "2025-03-19T10:00:00+02:00",
            "minutes": 30,
            "worker_id": WORKER,
            "method": "home_visit",
            "schedule_id": sid,
        },
    )
    assert [e["field"] for e in wrong_day["errors"]] == ["scheduled_on"]
    twice = await plans.problem(
        "POST",
        f"/api/v1/plans/{pid}/visits",
        409,
        json={
            "occurred_at": "2025-03-04T12:00:00+02:00",
            "minutes": 30,
            "worker_id": WORKER,
            "method": "home_visit",
            "schedule_id": sid,
        },
    )
    assert twice["type"].endswith("/occurrence-held")
    listed = await plans.ok("GET", f"/api/v1/plans/{pid}/meetings")
    assert [s["id"] for s in listed["items"]] == [sid]
    events = await plans.events(client["id"], until={"meeting_scheduled": 1, "visit_recorded": 3})
    assert [e["data"]["weekday"] for e in events if e["type"] == "meeting_scheduled"] == ["tuesday"]
    assert sorted(e["data"]["scheduled_on"] for e in events if e["type"] == "visit_recorded") == [
        "2025-03-04",
        "2025-03-11",
        "2025-03-25",
    ]


async def test_every_other_week_and_a_closed_plan_end_the_schedule(plans):
    _, pid = await _plan(plans)
    sid = (await _schedule(plans, pid, weekday="monday", starts_on="2025-03-01", every_weeks=2))[
        "id"
    ]
    await plans.ok(
        "POST", f"/api/v1/plans/{pid}/status", json={"status": "closed", "closed_on": "2025-03-20"}
    )
    march = {"since": "2025-03-01", "until": "2025-04-30"}
    assert await _missed(plans, worker_id=WORKER, **march) == [
        (sid, "2025-03-03"),
        (sid, "2025-03-17"),
    ]
