"""Realisation details: Helsinki month edges across DST, per-region phase hours, informal support,
automatic month closing, and migrations that match the models."""

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from plans.models import metadata
from plans.scheduler import close_due_month, previous_month


async def test_months_follow_helsinki_time_across_the_dst_change(plans):
    client = await plans.client()
    pid = (await plans.approved_plan(client["id"]))["id"]
    await plans.phase(pid, "light", "2025-03-01", "initial")
    await plans.visit(pid, "2025-03-31T20:30:00Z", 40)  # 23:30 on 31 March, summer time (UTC+3)
    await plans.visit(pid, "2025-03-31T21:30:00Z", 50)  # 00:30 on 1 April
    await plans.visit(pid, "2025-02-28T22:30:00Z", 60)  # 00:30 on 1 March, winter time (UTC+2)
    march = await plans.ok(
        "GET", f"/api/v1/clients/{client['id']}/realisation", params={"month": "2025-03"}
    )
    april = await plans.ok(
        "GET", f"/api/v1/clients/{client['id']}/realisation", params={"month": "2025-04"}
    )
    assert (march["delivered_minutes"], april["delivered_minutes"]) == (100, 50)
    assert march["planned_minutes"] == april["planned_minutes"] == 240


async def test_phase_hours_are_configured_per_region_and_informal_support_plans_nothing(
    start_plans,
):
    async with start_plans(
        phase_hours={"etela-savo": {"normal": 9}}, shortfall_threshold=0.5
    ) as plans:
        mikkeli = await plans.client(
            region="etela-savo", municipality="491", district="mikkeli-keskusta"
        )
        kouvola = await plans.client()
        for client in (mikkeli, kouvola):
            pid = (await plans.approved_plan(client["id"]))["id"]
            await plans.phase(pid, "normal", "2025-01-01", "initial")
            await plans.service(pid, 20, provider={"kind": "informal", "relation": "family"})
            await plans.visit(pid, "2025-01-15T12:00:00+02:00", 240)
        region = await plans.ok("GET", "/api/v1/realisation", params={"month": "2025-01"})
    rows = {r["client_id"]: r for r in region["items"]}
    assert (
        rows[mikkeli["id"]]["planned_minutes"] == 540
        and rows[kouvola["id"]]["planned_minutes"] == 420
    )
    assert (rows[mikkeli["id"]]["shortfall"], rows[kouvola["id"]]["shortfall"]) == (
        True,
        False,
    )  # 0.44 and 0.57
    assert region["threshold"] == 0.5


async def test_last_month_is_closed_automatically_once(plans):
    client = await plans.client()
    pid = (await plans.approved_plan(client["id"]))["id"]
    await plans.phase(pid, "intensive", "2025-01-01", "initial")
    uow = plans.runtime.uow
    assert previous_month(datetime(2025, 3, 1, 0, 30, tzinfo=UTC)) == "2025-02"
    assert (
        await close_due_month(uow, plans.settings, datetime(2025, 3, 2, 12, tzinfo=UTC)) is None
    )  # before day 5
    closed = await close_due_month(uow, plans.settings, datetime(2025, 3, 6, 12, tzinfo=UTC))
    assert closed is not None and (closed.month, closed.newly_detected) == ("2025-02", 1)
    assert await close_due_month(uow, plans.settings, datetime(2025, 3, 7, 12, tzinfo=UTC)) is None
    not_over = await plans.problem("POST", "/api/v1/realisation/2999-01/close", 409)
    assert not_over["type"].endswith("/month-not-over")
    events = await plans.events(client["id"], until={"realisation_shortfall_detected"})
    assert [
        e["data"]["month"] for e in events if e["type"] == "realisation_shortfall_detected"
    ] == ["2025-02"]


async def test_startup_migrations_create_exactly_the_modelled_schema(plans):
    async with plans.runtime.engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
        )
    assert diff == []
