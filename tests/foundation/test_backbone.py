"""The event backbone's guarantees, against the real broker, on SQLite and PostgreSQL."""

import asyncio
import random

import pytest
from sqlalchemy import func, select

from tests.foundation.conftest import Ledger, ledger_settings, running_ledger
from tests.foundation.kafka_helpers import produce, read_topic
from tests.foundation.ledger import applied, entries, record_entry
from tukiverkko_common.broker import EmbeddedBroker
from tukiverkko_common.testing.plugin import unique_topic_suffix
from tukiverkko_common.testing.waiting import wait_until


async def count(ledger: Ledger, table, **where) -> int:
    async with ledger.runtime.sessions() as s:
        query = select(func.count()).select_from(table)
        for col, value in where.items():
            query = query.where(table.c[col] == value)
        return await s.scalar(query)


async def applied_ns(ledger: Ledger, client: str) -> list[int]:
    response = await ledger.client.get(f"/applied/{client}")
    return response.json()


async def test_rolled_back_transaction_leaves_no_row_and_no_event(
    ledger: Ledger, bootstrap_servers: str
):
    with pytest.raises(RuntimeError):
        async with ledger.runtime.uow() as uow:
            await uow.session.execute(entries.insert().values(client="c1", n=1))
            uow.stage(ledger.contract(client="c1", n=1), key="c1")
            raise RuntimeError("use case failed after staging")
    await record_entry_via_api(ledger, "c2", 1)  # a committed event proves the pipeline is live
    await wait_until(lambda: _applied_count(ledger, "c2", 1))
    assert await count(ledger, entries, client="c1") == 0
    assert await count(ledger, ledger.runtime.spec.tables.outbox) == 1
    on_topic = await read_topic(bootstrap_servers, ledger.topic, expect=2, timeout=3)
    assert [r.key for r in on_topic] == [b"c2"]


async def record_entry_via_api(ledger: Ledger, client: str, n: int, poison: bool = False) -> None:
    response = await ledger.client.post(
        "/entries", json={"client": client, "n": n, "poison": poison}
    )
    assert response.status_code == 201, response.text


async def _applied_count(ledger: Ledger, client: str, expected: int) -> bool:
    return len(await applied_ns(ledger, client)) >= expected


@pytest.mark.slow
async def test_writes_succeed_while_broker_is_down_and_all_events_arrive_after(database_url: str):
    broker = EmbeddedBroker().start()
    suffix = unique_topic_suffix()
    settings = ledger_settings(database_url, broker.bootstrap_servers, f"ledger-{suffix}")
    try:
        async with running_ledger(settings, f"test.ledger.{suffix}") as ledger:
            await record_entry_via_api(ledger, "warmup", 0)
            await wait_until(lambda: _applied_count(ledger, "warmup", 1))
            broker.stop()
            for n in range(200):
                await record_entry_via_api(ledger, f"client-{n % 20}", n)
            assert await count(ledger, entries) == 201
            await wait_until(lambda: _broker_reported(ledger, "down"))
            # Writes keep working through the outbox, so the process stays ready; the
            # outage shows in the body and the metrics, and the backlog keeps counting.
            ready = await ledger.client.get("/health/ready")
            assert ready.status_code == 200, ready.text
            assert ready.json()["checks"] == {"database": "ok", "broker": "down"}
            metrics = ledger.runtime.metrics
            assert metrics.broker_up._value.get() == 0
            await wait_until(lambda: _gauge_is(metrics.outbox_backlog, 200))
            broker.start()  # same port, empty memory: the relay must republish the backlog
            await wait_until(lambda: _total_applied(ledger, 200), timeout=90)
            outbox = ledger.runtime.spec.tables.outbox
            async with ledger.runtime.sessions() as s:
                unsent = await s.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
                )
            assert unsent == 0
            await wait_until(lambda: _broker_reported(ledger, "up"))
            await wait_until(lambda: _gauge_is(ledger.runtime.metrics.outbox_backlog, 0))
    finally:
        broker.stop()


async def _broker_reported(ledger: Ledger, state: str) -> bool:
    response = await ledger.client.get("/health/ready")
    return response.json()["checks"].get("broker") == state


async def _gauge_is(gauge, value: float) -> bool:
    return gauge._value.get() == value


async def _total_applied(ledger: Ledger, expected: int) -> bool:
    async with ledger.runtime.sessions() as s:
        total = await s.scalar(
            select(func.count()).select_from(applied).where(applied.c.client != "warmup")
        )
    return total >= expected


async def test_triple_delivery_gives_same_state_as_single(ledger: Ledger, bootstrap_servers: str):
    for n in range(10):
        await record_entry_via_api(ledger, f"dup-{n % 3}", n)
    await wait_until(lambda: _clients_applied(ledger, 10))
    original = await read_topic(bootstrap_servers, ledger.topic, expect=10)
    await produce(
        bootstrap_servers,
        ledger.topic,
        [(r.key, r.value, list(r.headers)) for r in original for _ in range(2)],
    )
    before = {c: await applied_ns(ledger, c) for c in ("dup-0", "dup-1", "dup-2")}
    await wait_until(lambda: _inbox_duplicates_seen(ledger, 20), timeout=20)
    after = {c: await applied_ns(ledger, c) for c in ("dup-0", "dup-1", "dup-2")}
    assert after == before
    assert sum(len(v) for v in after.values()) == 10


async def _clients_applied(ledger: Ledger, expected: int) -> bool:
    async with ledger.runtime.sessions() as s:
        return await s.scalar(select(func.count()).select_from(applied)) >= expected


async def _inbox_duplicates_seen(ledger: Ledger, expected: int) -> bool:
    samples = ledger.runtime.metrics.consumed.labels("duplicate")._value.get()
    return samples >= expected


async def test_poison_message_goes_to_dlq_and_others_keep_flowing(
    ledger: Ledger, bootstrap_servers: str
):
    await record_entry_via_api(ledger, "poisoned", 1, poison=True)
    await produce(bootstrap_servers, ledger.topic, [(b"garbled", b"{not json", [("ce_id", b"x1")])])
    for n in range(3):
        await record_entry_via_api(ledger, "healthy", n)
    await wait_until(lambda: _applied_count(ledger, "healthy", 3))
    dead = await read_topic(bootstrap_servers, f"{ledger.topic}.dlq", expect=2)
    by_key = {r.key: dict(r.headers) for r in dead}
    assert by_key[b"poisoned"][b"dlq_error_type".decode()] == b"PermanentError"
    assert b"marked poison" in by_key[b"poisoned"]["dlq_error_message"]
    assert b"missing CloudEvents header" in by_key[b"garbled"]["dlq_error_message"]
    assert await applied_ns(ledger, "poisoned") == []
    assert ledger.runtime.metrics.dlq._value.get() == 2


@pytest.mark.slow
async def test_per_client_order_holds_for_1000_events_over_50_clients(ledger: Ledger):
    rng = random.Random(7)
    clients = [f"order-{i}" for i in range(50)]

    async def writer(client: str) -> None:
        for n in range(20):
            await asyncio.sleep(rng.random() * 0.01)
            async with ledger.runtime.uow() as uow:
                await record_entry(uow, ledger.contract, client, n)

    await asyncio.gather(*(writer(c) for c in clients))
    await wait_until(lambda: _clients_applied(ledger, 1000), timeout=120)
    for client in clients:
        assert await applied_ns(ledger, client) == list(range(20)), client
