"""SQLAlchemy's aiosqlite adapter with one trip to the connection's thread per statement.

aiosqlite runs every sqlite3 call on a thread of its own; each call is a round trip
between the event loop and that thread (tens of microseconds here, more under load).
SQLAlchemy's stock adapter makes three trips per statement (create the cursor,
execute, close the cursor) and a fourth to fetch rows, while the statement itself
takes a few microseconds. A unit of work of three statements and a commit paid eleven
trips. This adapter creates, executes, fetches and closes the cursor in one trip, sends
a transaction's BEGIN with its first statement, lets a caller hand over statements
whose results it does not need to ride along with the next trip (the unit of work's
outbox rows travel with the COMMIT), and skips the rollback the pool issues on every
check-in when no transaction is open.
Server-side (streaming) cursors keep the stock behaviour, after the pending BEGIN.
"""

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection, AsyncIODBAPIConnection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    AsyncAdapt_aiosqlite_ss_cursor,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

_Result = tuple[Any, int, int | None, list[Any]]
Deferred = tuple[str, Any, bool]
"""A statement, its parameters, and whether they are a sequence for executemany()."""


def _prelude(raw: sqlite3.Connection, begin: str | None, deferred: list[Deferred]) -> None:
    """Run a pending BEGIN and the deferred statements, in that order, on the connection's thread."""
    if begin is not None:
        raw.execute(begin)
    for operation, parameters, many in deferred:
        if many:
            raw.executemany(operation, parameters)
        else:
            raw.execute(operation, parameters)


def _run(
    raw: sqlite3.Connection,
    begin: str | None,
    deferred: list[Deferred],
    many: bool,
    operation: str,
    parameters: Any,
) -> _Result:
    """Execute on the connection's own thread; return description, rowcount, lastrowid and rows."""
    _prelude(raw, begin, deferred)
    cursor = raw.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _commit(raw: sqlite3.Connection, begin: str | None, deferred: list[Deferred]) -> None:
    _prelude(raw, begin, deferred)
    raw.commit()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose whole life is one call on the connection's thread."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")
    _adapt_connection: "OneTripConnection"

    def __init__(
        self, adapt_connection: AsyncAdapt_dbapi_connection
    ) -> None:  # no trip: the cursor is made on execute
        # Typed as the base class's hook is; only OneTripConnection makes these cursors.
        self._adapt_connection = cast("OneTripConnection", adapt_connection)
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:  # type: ignore[override]
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _call(self, many: bool, operation: Any, parameters: Any) -> None:
        adapt = self._adapt_connection
        async with adapt._execute_mutex:
            result = await adapt._trip(_run, many, operation, parameters)
        self._description, self._rowcount, self._lastrowid, rows = result
        self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> None:
        await self._call(False, operation, parameters)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> None:
        await self._call(True, operation, seq_of_parameters)

    async def _async_soft_close(self) -> None:
        """Nothing to close: the sqlite3 cursor was closed on its thread."""

    def close(self) -> None:
        self._rows.clear()

    def setinputsizes(self, *inputsizes: Any) -> None:
        """sqlite3 ignores input sizes."""

    def nextset(self) -> None:
        raise NotImplementedError("sqlite3 has no multiple result sets")


class PreludeStreamingCursor(AsyncAdapt_aiosqlite_ss_cursor):
    """The stock server-side (streaming) cursor, sent after the connection's pending BEGIN."""

    __slots__ = ()
    _adapt_connection: "OneTripConnection"

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._adapt_connection._send_prelude()
        return await super()._execute_async(operation, parameters)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._adapt_connection._send_prelude()
        return await super()._executemany_async(operation, seq_of_parameters)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """The stock connection adapter with one-trip cursors, a deferred BEGIN and no idle rollbacks."""

    __slots__ = ("_deferred", "_pending_begin")
    _cursor_cls = OneTripCursor
    _ss_cursor_cls = PreludeStreamingCursor

    def __init__(self, dbapi: Any, connection: AsyncIODBAPIConnection) -> None:
        super().__init__(dbapi, connection)
        self._pending_begin: str | None = None
        self._deferred: list[Deferred] = []

    def begin(self, statement: str) -> None:
        """Open a transaction with `statement` (e.g. BEGIN IMMEDIATE) on the next trip.

        The BEGIN rides along with the transaction's first statement; a transaction
        that runs no statement costs no trip at all. If the BEGIN fails (a lock held
        elsewhere past the busy timeout), that statement fails and the BEGIN stays
        pending, so no later statement runs outside a transaction.
        """
        self._pending_begin = statement

    @property
    def in_transaction(self) -> bool:
        """True while SQLite itself has a transaction open on this connection.

        It can be open when SQLAlchemy thinks it is not: a COMMIT whose deferred
        statements failed leaves it to the caller (the pool, or the write slot) to
        roll back.
        """
        raw = self._connection._connection
        return raw is not None and raw.in_transaction

    def defer(self, operation: str, parameters: Any, *, many: bool = False) -> None:
        """Run a statement whose result nobody reads at the start of the next trip.

        An error it raises surfaces from that trip (usually the COMMIT), which then
        does not commit; a rollback drops statements not yet sent.
        """
        self._deferred.append((operation, parameters, many))

    async def _trip(self, fn: Any, *args: Any) -> Any:
        """One call on the connection's thread, preceded by the pending BEGIN and deferred statements."""
        raw = self._connection._conn
        begin, deferred = self._pending_begin, self._deferred
        self._deferred = []
        try:
            return await self._connection._execute(fn, raw, begin, deferred, *args)
        finally:
            if begin is None or raw.in_transaction:  # the BEGIN ran; a failed one stays pending
                self._pending_begin = None

    async def _send_prelude(self) -> None:
        """Send the pending BEGIN and deferred statements on their own (before a streaming cursor)."""
        if self._pending_begin is not None or self._deferred:
            await self._trip(_prelude)

    def commit(self) -> None:
        if self._connection._connection is None:
            return  # closed: as the stock adapter, nothing to do
        if self._pending_begin is not None and not self._deferred:
            self._pending_begin = None  # nothing ran: nothing to commit
            return
        try:
            await_(self._trip(_commit))
        except Exception as error:
            self._handle_exception(error)

    def rollback(self) -> None:
        self._pending_begin = None
        self._deferred = []
        # Reading in_transaction is safe from this thread; the pool resets every
        # connection it takes back, and most have nothing to roll back.
        if self.in_transaction:
            super().rollback()


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DBAPI module handing out one-trip connections."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        connection = self.aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True  # as the stock adapter does: never block interpreter exit
        return OneTripConnection(self, await_(connection))


def dbapi() -> OneTripDbapi:
    """Return the DBAPI module to pass to `create_async_engine(module=...)`."""
    return OneTripDbapi(aiosqlite, sqlite3)


class InLoopConnection(OneTripConnection):
    """A query-only connection whose statements run in the calling (event loop) thread.

    A trip to aiosqlite's thread costs little on an idle process, but that thread needs the
    interpreter lock to run a statement, and a busy event loop holds it: a trip can wait for
    the interpreter's switch interval (5 ms) before a statement of a few microseconds runs.
    A short indexed read on a WAL file never waits for a lock, so running it in the loop
    costs only its own time. The connection is query-only: a write through it fails at
    once instead of blocking the loop on SQLite's write lock (`db.create_read_engine` sets
    it). aiosqlite's thread still opens and closes the connection.
    """

    __slots__ = ()

    async def _trip(self, fn: Any, *args: Any) -> Any:
        raw = self._connection._conn
        begin, deferred = self._pending_begin, self._deferred
        self._deferred = []
        try:
            return fn(raw, begin, deferred, *args)
        finally:
            if begin is None or raw.in_transaction:
                self._pending_begin = None

    def fetch_all(self, operation: str, parameters: Sequence[Any]) -> list[Any]:
        """Run a query straight on the connection, in the loop (`db.fetch_rows`): after a
        pending BEGIN, if any, as every statement of the session."""
        raw = self._connection._conn
        _prelude(raw, self._pending_begin, self._deferred)
        self._pending_begin, self._deferred = None, []
        return raw.execute(operation, parameters).fetchall()

    def rollback(self) -> None:
        self._pending_begin = None
        self._deferred = []
        if self.in_transaction:  # a read's snapshot: ended in the loop too
            self._connection._conn.rollback()


class InLoopDbapi(OneTripDbapi):
    """The DBAPI module handing out in-loop, query-only connections (reads only)."""

    def connect(self, *arg: Any, **kw: Any) -> InLoopConnection:
        kw["check_same_thread"] = False  # opened on aiosqlite's thread, used in the loop
        connection = self.aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True
        return InLoopConnection(self, await_(connection))


def in_loop_dbapi() -> InLoopDbapi:
    """Return the DBAPI module of in-loop read engines (`db.create_read_engine`)."""
    return InLoopDbapi(aiosqlite, sqlite3)
