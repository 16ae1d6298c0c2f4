"""The plan read on a SQLite file: its one statement on a synchronous connection, in the event loop.

Why not through aiosqlite: every statement there is a trip to the connection's own thread,
and that thread needs the interpreter lock to run. Under concurrent load the event loop
keeps the lock busy (parsing requests, writing answers), so a trip can wait for the
interpreter's switch interval (5 ms) before the thread may run a statement that takes a
fraction of a millisecond, and with more connections checked out (the pool grows to 15 at
32 concurrent reads) more threads contend. Run in the loop, the statement costs its own
time: one indexed read of committed data (WAL), no transaction, no thread. Writes keep
their one writer's connection; PostgreSQL keeps the pool.

Measured (bench: direct reads at 1–32 concurrent, A/B on a shared machine at load 4–6):
p99 at 16 and 32 concurrent fell (230 vs 386 ms, 194 vs 1,271 ms) but throughput did not
clearly change, and reads still get slower as concurrency rises: this thread hop is not the
whole cause of that fall, which is still to be found on a quiet machine.
"""

import sqlite3
import weakref
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

_READERS: "weakref.WeakKeyDictionary[Engine, Engine | None]" = weakref.WeakKeyDictionary()


def sqlite_reader(bind: Engine) -> Engine | None:
    """Return the in-loop read engine of a SQLite file engine (made once); None for any other."""
    if bind in _READERS:
        return _READERS[bind]
    url = bind.url
    reader = None
    if bind.dialect.name == "sqlite" and url.database and url.database != ":memory:":
        reader = create_engine(
            url.set(drivername="sqlite"),
            poolclass=StaticPool,  # one connection, used by the loop's thread only, one read at a time
            connect_args={"timeout": 5, "check_same_thread": False},
            isolation_level="AUTOCOMMIT",  # the read is one statement: no BEGIN, no ROLLBACK
        )
        event.listen(reader, "connect", _read_only)
    _READERS[bind] = reader
    return reader


def _read_only(connection: sqlite3.Connection, _record: Any) -> None:
    connection.execute("PRAGMA query_only = ON")
