"""The coordinator's view from the network service's events, through a real broker.

A stand-in producer built on the library's outbox (stage in a transaction, the relay
publishes) sends the housing contracts exactly as the network service does, so these
tests need nothing but the plans service and a broker.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import MetaData

from tukiverkko_common.app import build_app
from tukiverkko_common.broker import EmbeddedBroker
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.contracts.housing import (
    CoordinatorAssigned,
    ResidentMovedIn,
    ResidentMovedOut,
)
from tukiverkko_common.contracts.plans import new_worker_id
from tukiverkko_common.db import create_engine
from tukiverkko_common.events import EventData
from tukiverkko_common.ids import new_id
from tukiverkko_common.runtime import Runtime, ServiceSpec
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.tables import define_messaging_tables
from tukiverkko_common.testing.waiting import wait_until

ORG = UUID("01936f5e-0000-7000-8000-0000000000c1")
TODAY = helsinki_date(utcnow())
MONTH = f"{TODAY.year}-{TODAY.month:02d}"


class HousingProducer:
    """Stages housing events in its own database; its relay publishes them keyed by network."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def send(self, *events: EventData) -> None:
        async with self.runtime.uow() as uow:
            for event in events:
                key = str(event.network_id)  # type: ignore[attr-defined]
                uow.stage(event, key=key, subject=key)
            await uow.commit()


@asynccontextmanager
async def housing_producer(tmp_path: Path, bootstrap: str) -> AsyncIterator[HousingProducer]:
    metadata = MetaData()
    tables = define_messaging_tables(metadata)
    settings = ServiceSettings(
        service_name="network-standin",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'producer.db'}",
        kafka_bootstrap_servers=bootstrap,
        outbox_poll_seconds=0.2,
        kafka_request_timeout_ms=3000,
        log_json=False,
    )
    engine = create_engine(settings.effective_database_url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await engine.dispose()
    spec = ServiceSpec(
        name=settings.service_name,
        title="housing stand-in",
        description="publishes housing contracts",
        settings=settings,
        metadata=metadata,
        tables=tables,
        routers=[],
        internal=False,
    )
    app = build_app(spec)
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
        yield HousingProducer(app.state.runtime)


def assigned(network: UUID, worker: str, from_on: date) -> CoordinatorAssigned:
    return CoordinatorAssigned(
        network_id=network,
        assignment_id=new_id(),
        worker_id=worker,
        organisation_id=ORG,
        from_on=from_on,
    )


def moved_in(network: UUID, client_id: str, on: date = date(2025, 1, 1)) -> ResidentMovedIn:
    return ResidentMovedIn(
        network_id=network, residency_id=new_id(), client_id=UUID(client_id), moved_in_on=on
    )


async def short_client(plans) -> str:
    """A client whose intensive phase plans 11 h this month and who got nothing: a shortfall."""
    client = await plans.client()
    plan = await plans.approved_plan(client["id"], area_coordinator_id=None)
    await plans.phase(plan["id"], "intensive", "2025-01-01", "initial")
    return client["id"]


async def listed(plans, url: str) -> set[str]:
    found = await plans.ok("GET", url, params={"month": MONTH})
    return {item["client_id"] for item in found["items"]}


def coordinator_list(worker: str) -> str:
    return f"/api/v1/coordinators/{worker}/shortfalls"


@pytest.mark.slow
async def test_the_coordinators_list_follows_events_through_a_broker_outage(
    start_plans_on, tmp_path
):
    broker = EmbeddedBroker().start()
    first, second, network = new_worker_id(), new_worker_id(), new_id()
    try:
        async with (
            start_plans_on(broker.bootstrap_servers, consumer_backoff_seconds=0.05) as plans,
            housing_producer(tmp_path, broker.bootstrap_servers) as producer,
        ):
            resident = await short_client(plans)
            await producer.send(
                assigned(network, first, date(2025, 1, 1)), moved_in(network, resident)
            )

            async def on_first_list() -> bool:
                return resident in await listed(plans, coordinator_list(first))

            await wait_until(on_first_list, timeout=60)
            network_list = f"/api/v1/housing-networks/{network}/shortfalls"
            assert await listed(plans, network_list) == {resident}

            broker.stop()  # the coordinator changes and a neighbour moves in while it is down
            neighbour = await short_client(plans)
            await producer.send(assigned(network, second, TODAY), moved_in(network, neighbour))
            broker.start()  # same port, empty memory: the producer's relay republishes

            async def moved_to_second() -> bool:
                return await listed(plans, coordinator_list(second)) == {resident, neighbour}

            await wait_until(moved_to_second, timeout=90)
            assert await listed(plans, coordinator_list(first)) == set()
            assert await listed(plans, network_list) == {resident, neighbour}
            plan = (await plans.ok("GET", f"/api/v1/clients/{resident}/plans"))["items"][0]
            assert plan["area_coordinator_id"] == second
            assert plan["housing_network_id"] == str(network)
    finally:
        broker.stop()


async def test_moving_out_leaves_the_list_and_the_legacy_coordinator_stays_readable(
    plans, tmp_path
):
    legacy, coordinator, network = new_worker_id(), new_worker_id(), new_id()
    async with housing_producer(tmp_path, plans.bootstrap) as producer:
        client = await plans.client()
        plan = await plans.approved_plan(client["id"], area_coordinator_id=legacy)
        await plans.phase(plan["id"], "normal", "2025-01-01", "initial")
        # Before any housing event, the coordinator typed on the plan still answers.
        assert await listed(plans, coordinator_list(legacy)) == {client["id"]}
        residency = moved_in(network, client["id"])
        await producer.send(assigned(network, coordinator, date(2025, 1, 1)), residency)

        async def housed() -> bool:
            return await listed(plans, coordinator_list(coordinator)) == {client["id"]}

        await wait_until(housed)
        assert await listed(plans, coordinator_list(legacy)) == set()
        read = await plans.ok("GET", f"/api/v1/plans/{plan['id']}")
        assert read["legacy_area_coordinator_id"] == legacy
        assert read["area_coordinator_id"] == coordinator
        history = await plans.ok("GET", f"/api/v1/housing-networks/{network}/coordinators")
        assert [t["worker_id"] for t in history] == [coordinator]

        out = ResidentMovedOut(
            network_id=network,
            residency_id=residency.residency_id,
            client_id=residency.client_id,
            moved_in_on=residency.moved_in_on,
            moved_out_on=date(2025, 1, 31),
        )
        await producer.send(out)

        async def left() -> bool:
            return await listed(plans, coordinator_list(coordinator)) == set()

        await wait_until(left)
        # Housed nowhere now: the plan's legacy coordinator answers again.
        assert await listed(plans, coordinator_list(legacy)) == {client["id"]}


async def test_a_network_no_event_told_about_has_an_empty_list(plans):
    found = await plans.ok(
        "GET", f"/api/v1/housing-networks/{new_id()}/shortfalls", params={"month": MONTH}
    )
    assert found["items"] == [] and found["area_coordinator_id"] is None
