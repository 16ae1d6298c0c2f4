"""Async engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

import asyncio
import collections
import contextlib
import weakref
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, Self, cast

from sqlalchemy import Select, event
from sqlalchemy.engine import Connection, Dialect, make_url
from sqlalchemy.exc import DisconnectionError, InvalidRequestError
from sqlalchemy.ext import asyncio as sa_asyncio
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.util.concurrency import await_
from sqlmodel.ext.asyncio.session import AsyncSession

from tukiverkko_common import sqlite_driver
from tukiverkko_common.settings import ServiceSettings

WRITE = {"tukiverkko_write": True}
"""Execution options a unit of work sets so SQLite takes the write lock up front."""


class CompiledRead:
    """A read statement compiled once for a dialect, for the driver's own call (sqlite3, asyncpg).

    A hot read that fetches one value needs none of SQLAlchemy's per-execution work (cache
    key, parameter processing, result rows): the SQL text and, per positional slot, the bound
    name (or the constant compiled into the statement) and its type's bind processor are
    worked out once.
    """

    _made: ClassVar[
        "weakref.WeakKeyDictionary[Dialect, weakref.WeakKeyDictionary[ClauseElement, dict[type, CompiledRead]]]"
    ] = weakref.WeakKeyDictionary()
    """Per dialect and statement (held weakly: a statement dropped from its builder's cache
    takes its compiled form along), per class."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        self.sql = str(compiled)
        self._slots = [
            (
                name,
                compiled.binds[name].value,
                compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect),
            )
            for name in compiled.positiontup or []
        ]

    @classmethod
    def of(cls, statement: ClauseElement, dialect: Dialect) -> Self:
        """Return the statement compiled for the dialect (compiled on first use, then kept as
        long as the statement is)."""
        made = cls._made.setdefault(dialect, weakref.WeakKeyDictionary())
        forms = made.setdefault(statement, {})
        found = forms.get(cls)
        if found is None:
            found = forms[cls] = cls(statement, dialect)
        return cast(Self, found)

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        """Return the positional arguments for these parameters (constants as compiled)."""
        processed: dict[str, Any] = {}  # a name bound in many places is processed once
        args = []
        for name, constant, processor in self._slots:
            if name not in processed:
                value = params.get(name, constant)
                processed[name] = processor(value) if processor else value
            args.append(processed[name])
        return args


class CompiledRows(CompiledRead):
    """A row-returning read compiled once, run on the driver, each value then processed by its
    column's type as SQLAlchemy's own execution would (UUIDs, JSON, aware datetimes).

    SQLAlchemy's execution of a cached statement still cost ~0.8 ms of Python per statement
    on a search (cache key, parameter and result set-up, greenlet switches) against ~0.3 ms
    for the statement itself; this keeps the SQL and the types and drops the rest.
    """

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        super().__init__(statement, dialect)
        columns = cast(Select[Any], statement).selected_columns
        self.row: Any = collections.namedtuple("Row", list(columns.keys()), rename=True)  # type: ignore[misc]
        self._processing = [
            (index, processor)
            for index, column in enumerate(columns)
            if (processor := _result_processor(column.type, dialect)) is not None
        ]

    def rows(self, records: Iterable[Sequence[Any]]) -> list[Any]:
        """Return the driver's records as rows named by the statement's columns."""
        made = []
        for record in records:
            values = list(record)
            for index, processor in self._processing:
                values[index] = processor(values[index])
            made.append(self.row._make(values))
        return made


def _result_processor(type_: Any, dialect: Dialect) -> Any:
    # The driver's column type codes are not at hand; a type whose processing depends on them
    # (PostgreSQL's numerics fail without one) gets none: asyncpg returns float8 and integers
    # as Python's own floats and ints already.
    try:
        return type_.dialect_impl(dialect).result_processor(dialect, None)
    except (TypeError, InvalidRequestError):
        return None


async def fetch_rows(
    session: sa_asyncio.AsyncSession, statement: ClauseElement, params: Mapping[str, Any]
) -> list[Any]:
    """Return a short read's rows, run on the driver where the session's connection allows:
    a SQLite in-loop connection (`create_read_engine`) or asyncpg; elsewhere (an in-memory
    SQLite database) through SQLAlchemy. The statement must bind no expanding parameter; built
    once and kept (a builder's cache), it is compiled once."""
    connection = await session.connection()
    dialect = connection.dialect
    raw = (await connection.get_raw_connection()).dbapi_connection
    if isinstance(raw, sqlite_driver.InLoopConnection):
        query = CompiledRows.of(statement, dialect)
        return query.rows(raw.fetch_all(query.sql, query.arguments(params)))
    if dialect.driver == "asyncpg":
        query = CompiledRows.of(statement, dialect)
        driver = cast(Any, raw).driver_connection
        return query.rows(await driver.fetch(query.sql, *query.arguments(params)))
    return list((await session.execute(cast(Select[Any], statement), params)).all())


def is_sqlite(url: str) -> bool:
    """Return True when the URL names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def pool_options(url: str, settings: ServiceSettings) -> dict[str, int]:
    """The pool's size from the settings (`database_pool_size`, `database_max_overflow`) for a
    PostgreSQL URL; nothing for SQLite, whose engine keeps its own pool."""
    if is_sqlite(url):
        return {}
    return {
        "pool_size": settings.database_pool_size,
        "max_overflow": settings.database_max_overflow,
    }


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create an async engine; SQLite gets WAL, foreign keys and explicit write locking."""
    if not is_sqlite(url):
        # The pool keeps what a busy process uses: an overflow connection is closed as soon
        # as it comes back, so with fewer kept than the requests in flight connections were
        # opened and closed all the time, each a new server process, a codec setup and its
        # statements prepared and planned again (a plan read plans in ~3 ms). Measured with
        # plan reads: 10 kept of 20 fell to 0.06 of trivial at 32 concurrent, 24 of 32 read
        # ~1,000/s at 16 and ~300/s at 32 (bench/plan_reads.py). Connections open lazily.
        # A service's runtime passes its settings' sizes (pool_options); these are the defaults.
        kwargs.setdefault("pool_size", 32)
        kwargs.setdefault("max_overflow", 16)
        asyncpg = make_url(url).get_driver_name() == "asyncpg"
        kwargs.setdefault("pool_pre_ping", not asyncpg)  # asyncpg: _ping_once instead
        engine = create_async_engine(url, **kwargs)
        if asyncpg and not kwargs["pool_pre_ping"]:
            event.listen(engine.sync_engine.pool, "checkout", _ping_once)
        return engine
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("module", sqlite_driver.dbapi())
    engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
    _configure_sqlite(engine)
    return engine


def create_read_engine(engine: AsyncEngine) -> AsyncEngine | None:
    """Return an engine of in-loop, query-only connections to a SQLite file engine's database;
    None for PostgreSQL or an in-memory database (their reads stay on the engine).

    For short indexed reads on a hot path (see `sqlite_driver.InLoopConnection`): a
    statement blocks the event loop for its own time, so a long report does not belong here.
    """
    database = make_url(engine.url).database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    reads = create_async_engine(
        engine.url, module=sqlite_driver.in_loop_dbapi(), connect_args={"timeout": 30}
    )
    _configure_sqlite(reads)

    @event.listens_for(reads.sync_engine, "connect")
    def _query_only(dbapi_connection: sqlite_driver.InLoopConnection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    return reads


def autocommit(engine: AsyncEngine) -> AsyncEngine:
    """Return the PostgreSQL engine sharing its pool, without a transaction per session.

    A short read's statements each see the latest committed state (no BEGIN and ROLLBACK
    round trips around them); other engines are returned as they are.
    """
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def _ping_once(dbapi_connection: Any, _record: object, _proxy: object) -> None:
    """Check a pooled asyncpg connection at checkout with one round trip.

    SQLAlchemy's pre-ping wraps its ";" in BEGIN and ROLLBACK (for PgBouncer's transaction
    mode, which this platform does not use): three round trips before every read, ~0.8 ms
    of a 2 ms plan read on the loaded benchmark machine against ~0.1 ms for one. A dead
    connection is replaced as with the pre-ping: the pool discards it and connects anew.
    """
    try:
        await_(dbapi_connection.driver_connection.fetchrow(";"))
    except Exception as exc:
        raise DisconnectionError() from exc


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's implicit BEGIN defers locking until the first write, and a deferred
    # reader that later writes fails at once with SQLITE_BUSY under WAL. We issue BEGIN
    # ourselves: IMMEDIATE for units of work, plain for reads.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: sqlite_driver.OneTripConnection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("tukiverkko_write", False)
        # Sent with the transaction's first statement: no trip of its own (see sqlite_driver).
        raw = cast(sqlite_driver.OneTripConnection, conn.connection.dbapi_connection)
        raw.begin("BEGIN IMMEDIATE" if immediate else "BEGIN")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return a session factory whose objects stay usable after commit."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


class _WriteSlot:
    """A SQLite engine's one writer at a time: the lock and the connection writers share."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.connection: AsyncConnection | None = None


_WRITE_SLOTS: "weakref.WeakKeyDictionary[AsyncEngine, _WriteSlot]" = weakref.WeakKeyDictionary()


def _slot(engine: AsyncEngine) -> _WriteSlot:
    slot = _WRITE_SLOTS.get(engine)
    if slot is None:
        slot = _WRITE_SLOTS[engine] = _WriteSlot()
    return slot


@contextlib.asynccontextmanager
async def write_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection | None]:
    """Hold the SQLite write slot and yield its long-lived connection; yield None on PostgreSQL.

    SQLite admits one writer at a time. Left to its busy handler, writers of the same
    process that collide sleep in growing steps (up to 100 ms) and throughput collapses;
    queueing them on an asyncio lock hands the write lock over at once. Other processes
    on the same file still meet the busy timeout. Since writers take turns anyway, they
    share one connection that stays open, and skip a pool check-out and check-in per
    transaction. The connection is handed on only outside a transaction; one that
    cannot be rolled back is dropped and the next writer opens a new one.
    """
    if engine.dialect.name != "sqlite":
        yield None
        return
    slot = _slot(engine)
    async with slot.lock:
        conn = slot.connection
        if conn is None or conn.closed or conn.invalidated:
            conn = await engine.connect()
            await conn.execution_options(**WRITE)
            slot.connection = conn
        try:
            yield conn
        finally:
            if conn.in_transaction() or _driver_in_transaction(conn):
                slot.connection = None
                try:
                    await conn.rollback()
                    if _driver_in_transaction(conn):  # e.g. after a COMMIT that failed
                        await conn.run_sync(_rollback_driver)
                    slot.connection = conn
                except BaseException:
                    await asyncio.shield(_close_quietly(conn))
                    raise


def _rollback_driver(sync: Connection) -> None:
    raw = sync.connection.dbapi_connection
    assert raw is not None  # the connection is open: its caller just rolled it back
    raw.rollback()


def _driver_in_transaction(conn: AsyncConnection) -> bool:
    """Whether SQLite has a transaction open on the connection, whatever SQLAlchemy believes."""
    if conn.closed or conn.invalidated or conn.sync_connection is None:
        return False
    dbapi = conn.sync_connection.connection.dbapi_connection
    return isinstance(dbapi, sqlite_driver.OneTripConnection) and dbapi.in_transaction


@contextlib.asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """Yield a connection in a write transaction (BEGIN IMMEDIATE on SQLite); commit on success."""
    async with write_connection(engine) as held:
        if held is None:
            async with engine.begin() as conn:
                yield conn
        else:
            async with held.begin():
                yield held


async def _close_quietly(conn: AsyncConnection) -> None:
    with contextlib.suppress(Exception):
        await conn.close()


async def dispose(engine: AsyncEngine) -> None:
    """Close the write slot's connection, then the engine's pool."""
    slot = _WRITE_SLOTS.get(engine)
    if slot is not None:
        async with slot.lock:
            if slot.connection is not None:
                await _close_quietly(slot.connection)
                slot.connection = None
    await engine.dispose()
