"""Async engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

import asyncio
import contextlib
import weakref
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from tukiverkko_common import sqlite_driver

WRITE = {"tukiverkko_write": True}
"""Execution options a unit of work sets so SQLite takes the write lock up front."""


def is_sqlite(url: str) -> bool:
    """Return True when the URL names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create an async engine; SQLite gets WAL, foreign keys and explicit write locking."""
    if not is_sqlite(url):
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 10)
        kwargs.setdefault("pool_pre_ping", True)
        return create_async_engine(url, **kwargs)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("module", sqlite_driver.dbapi())
    engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's implicit BEGIN defers locking until the first write, and a deferred
    # reader that later writes fails at once with SQLITE_BUSY under WAL. We issue BEGIN
    # ourselves: IMMEDIATE for units of work, plain for reads.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        immediate = conn.get_execution_options().get("tukiverkko_write", False)
        # Sent with the transaction's first statement: no trip of its own (see sqlite_driver).
        conn.connection.dbapi_connection.begin("BEGIN IMMEDIATE" if immediate else "BEGIN")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return a session factory whose objects stay usable after commit."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


_WRITE_LOCKS: "weakref.WeakKeyDictionary[AsyncEngine, asyncio.Lock]" = weakref.WeakKeyDictionary()


def write_lock(engine: AsyncEngine) -> AbstractAsyncContextManager[object]:
    """Return the lock a writer holds around its transaction: one per SQLite engine, none for PostgreSQL.

    SQLite admits one writer at a time. Left to its busy handler, writers of the same
    process that collide sleep in growing steps (up to 100 ms) and throughput collapses;
    queueing them on an asyncio lock hands the write lock over at once. Other processes
    on the same file still meet the busy timeout.
    """
    if engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    lock = _WRITE_LOCKS.get(engine)
    if lock is None:
        lock = _WRITE_LOCKS[engine] = asyncio.Lock()
    return lock
