"""Bad input gets a 4xx problem naming the field and leaves nothing half-written."""

from sqlalchemy import func, select

from plans.models import AgreedService, Phase, Visit


async def _count(plans, model) -> int:
    async with plans.runtime.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_refused_writes_name_the_field_and_write_nothing(plans):
    client = await plans.client()
    pid = (await plans.approved_plan(client["id"]))["id"]
    other = await plans.client()
    foreign_goal = await plans.ok(
        "POST",
        f"/api/v1/plans/{(await plans.plan(other['id']))['id']}/goals",
        201,
        json={"life_area": "health", "description": "x", "expressed_by": "client"},
    )
    outbox_before = len(await plans.outbox_payloads())
    service = {
        "service_type": "home_care",
        "legal_basis": "social_welfare_act",
        "valid_from": "2025-01-01",
        "provider": {
            "kind": "organisation",
            "organisation_id": client["id"],
            "sector": "municipal",
        },
        "amount": {"hours": 2, "per": "week"},
    }
    cases = [
        (f"/api/v1/plans/{pid}/services", service | {"goal_ids": [foreign_goal["id"]]}, "goal_ids"),
        (f"/api/v1/plans/{pid}/services", service | {"valid_until": "2024-12-31"}, "valid_until"),
        (
            f"/api/v1/plans/{pid}/services",
            service | {"amount": {"hours": 200, "per": "week"}},
            "amount",
        ),
        (
            f"/api/v1/plans/{pid}/services",
            service | {"provider": {"kind": "organisation", "sector": "private"}},
            "provider.organisation.organisation_id",
        ),
        (f"/api/v1/plans/{pid}/services", service | {"price": 10}, "price"),
        (
            f"/api/v1/plans/{pid}/visits",
            {
                "occurred_at": "2999-01-01T10:00:00+02:00",
                "minutes": 30,
                "worker_id": "wrk_00000000000000000000000000000001",
                "method": "phone",
            },
            "occurred_at",
        ),
        (
            f"/api/v1/plans/{pid}/visits",
            {
                "occurred_at": "2025-01-01T10:00:00",
                "minutes": 30,
                "worker_id": "wrk_00000000000000000000000000000001",
                "method": "phone",
            },
            "occurred_at",
        ),
        (
            f"/api/v1/plans/{pid}/visits",
            {
                "occurred_at": "2025-01-01T10:00:00Z",
                "minutes": 0,
                "worker_id": "wrk_00000000000000000000000000000001",
                "method": "phone",
            },
            "minutes",
        ),
        (
            f"/api/v1/plans/{pid}/visits",
            {
                "occurred_at": "2025-01-01T10:00:00Z",
                "minutes": 30,
                "worker_id": "wrk_00000000000000000000000000000001",
                "method": "phone",
                "goal_ids": [foreign_goal["id"]],
            },
            "goal_ids",
        ),
        (
            f"/api/v1/plans/{pid}/visits",
            {
                "occurred_at": "2025-01-01T10:00:00Z",
                "minutes": 30,
                "worker_id": "wrk_00000000000000000000000000000001",
                "method": "phone",
                "note": "kotik\u00e4ynti\u0000",
            },
            "note",
        ),
        (
            f"/api/v1/plans/{pid}/phases",
            {"phase": "heavy", "started_on": "2025-01-01", "reason_code": "initial"},
            "phase",
        ),
    ]
    for url, body, field in cases:
        problem = await plans.problem("POST", url, 422, json=body)
        assert field in [e["field"] for e in problem["errors"]], (field, problem)
    assert (
        await _count(plans, AgreedService),
        await _count(plans, Visit),
        await _count(plans, Phase),
    ) == (0, 0, 0)
    assert len(await plans.outbox_payloads()) == outbox_before


async def test_phase_moves_need_a_later_date_and_a_different_phase(plans):
    client = await plans.client(region="etela-savo", municipality="491")
    pid = (await plans.approved_plan(client["id"]))["id"]
    first = await plans.phase(pid, "readiness_assessment", "2025-01-10", "initial")
    assert first["direction"] == "start" and first["planned_minutes_per_month"] == 660
    same = await plans.problem(
        "POST",
        f"/api/v1/plans/{pid}/phases",
        409,
        json={"phase": "readiness_assessment", "started_on": "2025-02-01", "reason_code": "review"},
    )
    assert same["type"].endswith("/same-phase")
    early = await plans.problem(
        "POST",
        f"/api/v1/plans/{pid}/phases",
        422,
        json={"phase": "light", "started_on": "2025-01-10", "reason_code": "progress"},
    )
    assert early["errors"][0]["field"] == "started_on"
    phases = await plans.ok("GET", f"/api/v1/plans/{pid}/phases")
    assert [(p["phase"], p["ended_on"]) for p in phases["items"]] == [
        ("readiness_assessment", None)
    ]
    await plans.problem("GET", "/api/v1/plans/not-a-uuid", 422)
    missing = await plans.problem("GET", "/api/v1/plans/01936f5e-0000-7000-8000-0000000000ff", 404)
    assert missing["type"].endswith("/not-found")
