"""The plan read's JSON, written by the database, is the answer the API model gives for the same plan.

`GET /plans/{id}` sends the database's text as it is; every other plan route answers through
`views.plan_view` and pydantic. Both must say the same, for every kind of embedded row and
for the values whose text is easy to get wrong: ids, instants (with and without a fraction),
days, floats that need 17 digits, amounts whose minutes round half to even, texts with
quotes, backslashes and non-ASCII letters, and today's housing-network coordinator.
"""

import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import pytest
from sqlalchemy import insert, select, update

from plans.models import Goal, HousingCoordinatorTerm, HousingResidency, Plan
from plans.service.views import plan_view
from tukiverkko_common.db import write_transaction
from tukiverkko_common.ids import new_id

ORG = "01936f5e-0000-7000-8000-0000000000c1"
TRICKY = 'Sanoi "kyllä" \\ ja /tai – äöå ÄÖÅ 😊'


async def _model_answer(plans, pid: str) -> dict[str, Any]:
    async with plans.runtime.sessions() as session:
        plan = await session.get(Plan, UUID(pid))
        assert plan is not None
        return (await plan_view(session, plan)).model_dump(mode="json")


async def _rich_plan(plans) -> str:
    client = await plans.client()
    plan = await plans.approved_plan(
        client["id"],
        client_view=TRICKY,
        strengths=["kokkaa", TRICKY],
        participants=[{"role": "client"}, {"role": "support_worker", "organisation_id": ORG}],
        informal_support=[{"relation": "family", "support": "kauppakassit"}],
        next_review_on="2025-06-30",
    )
    pid = plan["id"]
    for n, area in enumerate(("housing", "mobility", "work")):
        body = {"life_area": area, "description": f"{TRICKY} {n}", "expressed_by": "client"}
        if n % 2:
            body |= {"due_on": "2025-03-15", "target": "Oma koti"}
        await plans.ok("POST", f"/api/v1/plans/{pid}/goals", 201, json=body)
    await plans.service(pid, 3)
    await plans.service(pid, 7 / 3, valid_until="2031-12-31")  # needs 17 digits
    await plans.service(pid, 0.375, "month", valid_from="2024-02-01", valid_until="2024-02-29")
    await plans.service(pid, 2, provider={"kind": "informal", "relation": "neighbour"})
    await plans.service(
        pid,
        1.5,
        "month",
        provider={"kind": "informal", "relation": "friend", "description": TRICKY},
    )
    await plans.phase(pid, "readiness_assessment", "2025-01-01", "initial")
    await plans.phase(pid, "intensive", "2025-01-16")
    body = {"organisation_id": ORG, "service_type": "day_activities", "basis": "consent"}
    await plans.ok("POST", f"/api/v1/plans/{pid}/referrals", 201, json=body | {"message": TRICKY})
    body = {"organisation_id": ORG, "service_type": "job_coaching", "basis": "purchase_contract"}
    await plans.ok("POST", f"/api/v1/plans/{pid}/referrals", 201, json=body)
    return pid


async def _housed(plans, client_id: str) -> None:
    """Put the client in a housing network with a coordinator today, and one goal on a whole second."""
    network = new_id()
    async with write_transaction(plans.runtime.engine) as conn:
        await conn.execute(
            insert(HousingResidency.__table__),  # type: ignore[attr-defined]
            {"id": new_id(), "network_id": network, "client_id": UUID(client_id)}
            | {"moved_in_on": date(2024, 1, 1)},
        )
        await conn.execute(
            insert(HousingCoordinatorTerm.__table__),  # type: ignore[attr-defined]
            {
                "id": new_id(),
                "network_id": network,
                "worker_id": "wrk_c0000000000000000000000000000009",
            }
            | {"organisation_id": UUID(ORG), "from_on": date(2024, 1, 1)},
        )
        goals = Goal.__table__  # type: ignore[attr-defined]
        whole_second = datetime(2025, 2, 3, 4, 5, 6, tzinfo=UTC)
        first = (
            update(goals)
            .where(goals.c.id.in_(_first_goal(goals, UUID(client_id))))
            .values(created_at=whole_second)
        )
        await conn.execute(first)


def _first_goal(goals: Any, client_id: UUID) -> Any:
    return select(goals.c.id).where(goals.c.client_id == client_id).order_by(goals.c.id).limit(1)


async def test_the_database_writes_the_answer_the_model_gives(plans):
    pid = await _rich_plan(plans)
    read = await plans.http.get(f"/api/v1/plans/{pid}")
    assert read.status_code == 200 and read.headers["content-type"] == "application/json"
    answer = json.loads(read.content)
    model = await _model_answer(plans, pid)

    assert answer == model
    assert list(answer) == list(model)  # the model's keys, in its order
    assert answer["services"][1]["amount"]["hours"] == 7 / 3
    assert answer["services"][2]["monthly_minutes"] == 22  # 22.5 minutes: half to even
    assert answer["services"][2]["month"] == "2024-02"
    assert answer["current_phase"]["phase"] == "intensive"
    assert answer["client_view"] == TRICKY and answer["approved"] is True


async def test_a_housed_client_and_a_whole_second_read_the_same_both_ways(plans):
    client = await plans.client()
    pid = (await plans.plan(client["id"]))["id"]
    await plans.ok(
        "POST",
        f"/api/v1/plans/{pid}/goals",
        201,
        json={"life_area": "leisure", "description": "Uimahalli", "expressed_by": "client"},
    )
    await _housed(plans, client["id"])

    answer = await plans.ok("GET", f"/api/v1/plans/{pid}")
    assert answer == await _model_answer(plans, pid)
    assert answer["area_coordinator_id"] == "wrk_c0000000000000000000000000000009"
    assert answer["housing_network_id"] is not None
    assert answer["goals"][0]["created_at"] == "2025-02-03T04:05:06Z"
    assert answer["approved"] is False and answer["approved_at"] is None


async def test_reads_go_on_after_the_database_dropped_every_connection(plans):
    """A PostgreSQL restart or failover leaves the pool's connections dead: each is checked at
    checkout and replaced, so the first read after it answers as usual (not a 500)."""
    if plans.runtime.engine.dialect.name != "postgresql":
        pytest.skip("pooled server connections are PostgreSQL's")
    client = await plans.client()
    pid = (await plans.plan(client["id"]))["id"]
    await plans.ok("GET", f"/api/v1/plans/{pid}")  # the pool now holds a live connection
    url = plans.runtime.engine.url.set(drivername="postgresql")
    admin = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        dropped = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await admin.close()
    assert dropped >= 1
    assert (await plans.ok("GET", f"/api/v1/plans/{pid}"))["id"] == pid
