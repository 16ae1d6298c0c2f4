"""Instants at the edge of the calendar: a clear 422 naming the field, never a 500."""

import base64
import json

from tukiverkko_common.ids import new_id


def _cursor_at(instant: str) -> str:
    raw = json.dumps([instant, str(new_id())]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def test_sync_since_year_1_or_year_9999_is_a_problem_naming_modified_after(plans):
    for since in ("0001-01-01T00:00:00+02:00", "9999-12-31T23:30:00-01:00"):
        problem = await plans.problem(
            "GET", "/api/v1/clients", 422, params={"modified_after": since}
        )
        assert problem["errors"][0]["field"] == "query.modified_after", problem


async def test_a_cursor_carrying_year_1_is_a_problem_naming_cursor(plans):
    cursor = _cursor_at("0001-01-01T00:00:00+02:00")
    problem = await plans.problem("GET", "/api/v1/clients", 422, params={"cursor": cursor})
    assert problem["errors"][0]["field"] == "cursor", problem


async def test_a_visit_in_year_9999_west_of_utc_is_refused_and_not_stored(plans):
    client = await plans.client()
    plan = await plans.plan(client["id"])
    body = {
        "occurred_at": "9999-12-31T23:30:00-01:00",
        "minutes": 30,
        "worker_id": "wrk_00000000000000000000000000000001",
        "method": "home_visit",
    }
    problem = await plans.problem("POST", f"/api/v1/plans/{plan['id']}/visits", 422, json=body)
    assert problem["errors"][0]["field"] == "occurred_at", problem
    visits = await plans.ok("GET", f"/api/v1/plans/{plan['id']}/visits")
    assert visits["items"] == []
