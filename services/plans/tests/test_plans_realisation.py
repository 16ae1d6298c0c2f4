"""Realisation details: Helsinki month edges across DST, per-region phase hours, informal support,
the region's month per housing network and phase, automatic month closing, and migrations that
match the models."""

from datetime import UTC, date, datetime
from uuid import UUID

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from plans.models import metadata
from plans.scheduler import close_due_month, previous_month
from plans.service.housing_networks import move_in
from tukiverkko_common.contracts.housing import ResidentMovedIn
from tukiverkko_common.ids import new_id


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


async def test_the_regions_month_is_broken_down_per_housing_network_and_phase(plans):
    network = new_id()
    moved, stayed, alone = [await plans.client() for _ in range(3)]
    phases = [(moved, "intensive", 120), (stayed, "intensive", 600), (alone, "light", 0)]
    for client, phase, minutes in phases:
        pid = (await plans.approved_plan(client["id"]))["id"]
        await plans.phase(pid, phase, "2024-01-01", "initial")
        if client is moved:  # half of September in each phase: the month ends in "normal"
            await plans.phase(pid, "normal", "2024-09-16")
        if minutes:
            await plans.visit(pid, "2024-09-10T12:00:00+03:00", minutes)
    async with plans.runtime.uow() as uow:  # as the consumer applies the network's events
        for client in (moved, stayed):
            body = ResidentMovedIn(
                network_id=network,
                residency_id=new_id(),
                client_id=UUID(client["id"]),
                moved_in_on=date(2024, 1, 1),
            )
            await move_in(uow=uow, event=body)
        await uow.commit()
    month = await plans.ok("GET", "/api/v1/realisation", params={"month": "2024-09"})
    assert {r["client_id"]: r["phase"] for r in month["items"]} == {
        moved["id"]: "normal",
        stayed["id"]: "intensive",
        alone["id"]: "light",
    }
    got = [
        (
            r["housing_network_id"],
            r["phase"],
            r["clients"],
            r["planned_hours"],
            r["delivered_hours"],
            r["shortfalls"],
        )
        for r in month["breakdown"]
    ]
    assert got == [
        (str(network), "intensive", 1, 11.0, 10.0, 0),
        (str(network), "normal", 1, 9.0, 2.0, 1),  # 5.5 h intensive + 3.5 h normal planned
        (None, "light", 1, 4.0, 0.0, 1),
    ]


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
