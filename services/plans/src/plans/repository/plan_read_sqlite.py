"""The plan read on a SQLite file: its one statement on a connection of this process, in the event loop.

Why not through aiosqlite: every statement there is a trip to the connection's own thread,
and that thread needs the interpreter lock to run. Under concurrent load the event loop
keeps the lock busy (parsing requests, writing answers), so a trip can wait for the
interpreter's switch interval (5 ms) before the thread may run a statement that takes a
fraction of a millisecond. Run in the loop, the statement costs its own time: one indexed
read of committed data (WAL), no transaction, no thread. And not through SQLAlchemy's
execution either: the statement is compiled once, and the driver's call returns the one
text value the database wrote. Writes keep their one writer's connection; PostgreSQL keeps
the pool.
"""

import sqlite3
import weakref
from collections.abc import Mapping
from typing import Any

from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from plans.repository.plan_read_json import plan_json_query
from tukiverkko_common.db import CompiledRead

_READERS: "weakref.WeakKeyDictionary[AsyncEngine, SqlitePlanReader | None]" = (
    weakref.WeakKeyDictionary()
)


class SqlitePlanReader:
    """The plan read's statement on one query-only, autocommit connection to the engine's file."""

    def __init__(self, path: str) -> None:
        self._statement = CompiledRead.of(plan_json_query("sqlite"), sqlite.dialect())
        self._path = path
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            # Autocommit: every SELECT reads the latest committed state (WAL) and holds no snapshot.
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            self._conn = conn
        return self._conn

    def fetch_value(self, params: Mapping[str, Any]) -> Any:
        """Return the first column of the statement's first row, or None when there is none."""
        row = self._connection().execute(self._statement.sql, self._statement.arguments(params))
        found = row.fetchone()
        return None if found is None else found[0]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def sqlite_reader(engine: AsyncEngine) -> SqlitePlanReader | None:
    """Return the in-loop reader of a SQLite file engine (made once); None for any other."""
    if engine in _READERS:
        return _READERS[engine]
    database = make_url(engine.url).database
    reader = None
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        reader = SqlitePlanReader(database)
        weakref.finalize(engine, reader.close)
    _READERS[engine] = reader
    return reader
