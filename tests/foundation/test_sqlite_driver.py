"""The one-trip SQLite adapter and the shared write connection: fewer trips, same transaction semantics."""

import asyncio
import sqlite3
import threading
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from tukiverkko_common.db import (
    WRITE,
    create_engine,
    create_read_engine,
    dispose,
    session_factory,
    write_connection,
)
from tukiverkko_common.events import EventData
from tukiverkko_common.runtime import Runtime, ServiceSpec
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.sqlite_driver import OneTripConnection
from tukiverkko_common.tables import define_messaging_tables
from tukiverkko_common.uow import UnitOfWork, append_events, envelope

metadata = MetaData()
tables = define_messaging_tables(metadata)
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(40), unique=True),
)


class ThingAdded(EventData):
    event_type = "fi.tukiverkko.test.thing-added.v1"
    topic = "test.things"
    name: str


@pytest.fixture
async def engine(tmp_path: Path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await dispose(engine)


@pytest.fixture
def trips(monkeypatch) -> list[str]:
    """Record every call the adapter sends to aiosqlite's thread."""
    seen: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


def uow(engine) -> UnitOfWork:
    return UnitOfWork(session_factory(engine), tables, source="/tukiverkko/test")


async def count(engine, table: Table) -> int:
    async with engine.connect() as conn:
        return await conn.scalar(select(func.count()).select_from(table))


async def test_engine_uses_the_one_trip_adapter(engine):
    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).dbapi_connection
    assert isinstance(raw, OneTripConnection)


async def test_unit_of_work_with_a_row_and_an_event_costs_two_trips(engine, trips):
    async with uow(engine) as work:  # warm the pool: connecting costs trips of its own
        await work.commit()
    trips.clear()
    async with uow(engine) as work:
        await (await work.session.connection()).execute(things.insert(), {"name": "a"})
        work.stage(ThingAdded(name="a"), key="a")
        await work.commit()
    # BEGIN IMMEDIATE rides with the insert, the outbox row with the COMMIT.
    assert trips == ["_run", "_commit"]
    assert await count(engine, things) == 1
    async with engine.connect() as conn:
        row = (await conn.execute(select(tables.outbox))).one()
    assert row.key == "a" and row.event_type == ThingAdded.event_type
    assert (
        row.created_at is not None and row.created_at.year >= 2025
    )  # stored in SQLAlchemy's own format
    assert ["ce_type", ThingAdded.event_type] in row.headers


async def test_transaction_that_runs_nothing_makes_no_trip(engine, trips):
    async with uow(engine) as work:
        await work.commit()
    trips.clear()
    async with uow(engine) as work:
        await work.commit()
    assert trips == []


async def test_failing_outbox_row_at_commit_commits_nothing(engine):
    async with uow(engine) as work:
        await (await work.session.connection()).execute(things.insert(), {"name": "first"})
        event = work.stage(ThingAdded(name="first"), key="first")
        await work.commit()
    async with uow(engine) as work:
        await (await work.session.connection()).execute(things.insert(), {"name": "second"})
        envelope = work.stage(ThingAdded(name="second"), key="second")
        envelope.id = event.id  # the same event id again: the outbox's unique constraint refuses it
        with pytest.raises(IntegrityError, match=r"outbox\.event_id"):
            await work.commit()
    assert await count(engine, things) == 1
    assert await count(engine, tables.outbox) == 1
    async with uow(engine) as work:  # the connection went back to the pool clean
        await (await work.session.connection()).execute(things.insert(), {"name": "third"})
        await work.commit()
    assert await count(engine, things) == 2


async def test_rollback_drops_deferred_statements(engine):
    async with engine.connect() as conn:
        conn = await conn.execution_options(**WRITE)
        await conn.begin()
        raw = (await conn.get_raw_connection()).dbapi_connection
        raw.defer("INSERT INTO things (name) VALUES (?)", ("never",))
        await conn.rollback()
        await conn.execute(select(1))  # a later trip must not carry the dropped statement
        await conn.commit()
    assert await count(engine, things) == 0


async def test_failed_begin_stays_pending_so_nothing_runs_outside_a_transaction(
    engine, tmp_path: Path
):
    blocker = sqlite3.connect(tmp_path / "driver.db", isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        async with engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA busy_timeout=50")
            await conn.commit()
            conn = await conn.execution_options(**WRITE)
            await conn.begin()
            with pytest.raises(OperationalError, match="locked"):
                await conn.execute(things.insert(), {"name": "x"})
            blocker.execute("ROLLBACK")
            # Had the failed BEGIN been forgotten, this insert would autocommit on its own.
            await conn.execute(things.insert(), {"name": "x"})
            await conn.rollback()
        assert await count(engine, things) == 0
    finally:
        blocker.close()


async def test_results_rowcounts_and_streaming_behave_as_before(engine):
    async with engine.begin() as conn:
        result = await conn.execute(things.insert(), {"name": "one"})
        assert result.inserted_primary_key == (1,)
        await conn.execute(things.insert(), [{"name": "two"}, {"name": "three"}])
        updated = await conn.execute(
            update(things).where(things.c.id > 1).values(name=func.upper(things.c.name))
        )
        assert updated.rowcount == 2
    async with engine.connect() as conn:
        names = (await conn.execute(select(things.c.name).order_by(things.c.id))).scalars().all()
        assert names == ["one", "TWO", "THREE"]
        streamed = [
            row.name async for row in await conn.stream(select(things).order_by(things.c.id))
        ]
        assert streamed == names
        assert (await conn.execute(text("SELECT 1 WHERE 0"))).first() is None


async def test_writers_share_one_connection_and_never_inherit_a_transaction(engine):
    async with write_connection(engine) as first:
        pass
    with pytest.raises(RuntimeError, match="use case failed"):
        async with uow(engine) as work:
            await (await work.session.connection()).execute(things.insert(), {"name": "doomed"})
            raise RuntimeError("use case failed")
    async with write_connection(engine) as held:
        assert held is first
        assert not held.in_transaction()
        assert not (
            await held.get_raw_connection()
        ).dbapi_connection._connection._conn.in_transaction
    assert await count(engine, things) == 0


async def test_a_writer_cancelled_mid_transaction_leaves_the_slot_clean(engine):
    started = asyncio.Event()

    async def slow_use_case() -> None:
        async with uow(engine) as work:
            await (await work.session.connection()).execute(things.insert(), {"name": "cancelled"})
            started.set()
            await asyncio.sleep(30)
            await work.commit()

    task = asyncio.create_task(slow_use_case())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with uow(engine) as work:
        await (await work.session.connection()).execute(things.insert(), {"name": "next"})
        await work.commit()
    async with engine.connect() as conn:
        assert (await conn.execute(select(things.c.name))).scalars().all() == ["next"]


async def test_dispose_closes_the_write_connection(tmp_path: Path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'dispose.db'}")
    async with write_connection(engine) as held:
        raw = (await held.get_raw_connection()).dbapi_connection._connection
    await dispose(engine)
    assert held.closed
    assert raw._connection is None  # the aiosqlite thread was told to close the sqlite3 connection


async def test_events_without_state_change_commit_in_one_trip(engine, trips):
    async with write_connection(engine):  # open the write slot's connection first
        pass
    trips.clear()
    woken = []
    events = [envelope(ThingAdded(name=n), key=n, source="/tukiverkko/test") for n in ("x", "y")]
    await append_events(engine, tables, events, on_commit=lambda: woken.append(True))
    assert trips == ["_commit"]  # BEGIN IMMEDIATE, both rows and COMMIT together
    assert woken == [True]
    async with engine.connect() as conn:
        keys = (
            (await conn.execute(select(tables.outbox.c.key).order_by(tables.outbox.c.seq)))
            .scalars()
            .all()
        )
    assert keys == ["x", "y"]
    with pytest.raises(
        IntegrityError
    ):  # the same event ids again: nothing of the batch is committed
        await append_events(
            engine,
            tables,
            [events[0], envelope(ThingAdded(name="z"), key="z", source="/t"), *events],
        )
    assert await count(engine, tables.outbox) == 2
    async with write_connection(engine) as held:
        assert not held.in_transaction()


async def test_a_streamed_query_runs_inside_its_transaction(engine):
    async with engine.connect() as conn:
        conn = await conn.execution_options(**WRITE)
        await conn.begin()
        streamed = [row async for row in await conn.stream(select(things))]
        raw = (await conn.get_raw_connection()).dbapi_connection
        assert streamed == [] and raw.in_transaction  # the BEGIN IMMEDIATE went first
        await conn.rollback()


async def test_short_reads_run_in_the_loop_see_commits_and_refuse_writes(engine, trips):
    reads = create_read_engine(engine)
    assert reads is not None
    try:
        async with session_factory(engine)() as s:
            await s.execute(things.insert().values(name="first"))
            await s.commit()
        async with session_factory(reads)() as s:
            raw = (await (await s.connection()).get_raw_connection()).dbapi_connection
            raw._connection._conn.create_function("thread", 0, threading.get_ident)
            trips.clear()  # opening the connection is aiosqlite's thread's work; reads are not
            assert (await s.execute(select(func.thread()))).scalar_one() == threading.get_ident()
            assert (await s.execute(select(things.c.name))).scalars().all() == ["first"]
            with pytest.raises(OperationalError, match="readonly"):
                await s.execute(things.insert().values(name="second"))
        assert trips == []  # not one statement went to aiosqlite's thread
        async with session_factory(engine)() as s:
            assert (await s.execute(select(func.count()).select_from(things))).scalar_one() == 1
    finally:
        await dispose(reads)


async def test_postgresql_and_memory_engines_keep_their_reads_on_the_pool():
    memory = create_engine("sqlite+aiosqlite:///:memory:")
    server = create_engine("postgresql+asyncpg://tukiverkko@127.0.0.1:5432/x")  # never connects
    try:
        assert create_read_engine(memory) is None
        assert create_read_engine(server) is None
    finally:
        await dispose(memory)
        await dispose(server)


async def test_a_runtime_builds_its_read_engine_at_its_first_short_read(tmp_path: Path):
    settings = ServiceSettings(
        service_name="reads",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'reads.db'}",
        migrate_on_start=False,
    )
    spec = ServiceSpec(
        name="reads", title="reads", description="", settings=settings, metadata=metadata,
        tables=None, routers=[],
    )  # fmt: skip
    runtime = Runtime(spec)
    try:
        async with runtime.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
            await conn.execute(things.insert().values(name="first"))
        assert runtime.read_engine is None, "a service serving no short read opens no read engine"
        async with runtime.short_reads() as first:
            assert (await first.execute(select(things.c.name))).scalars().all() == ["first"]
        built = runtime.read_engine
        assert built is not None and first.bind is built
        async with runtime.short_reads() as second:
            assert second.bind is built, "built once, then shared"
    finally:
        await runtime.stop()
