"""Unit of work: one transaction for a use case's state change and its outbox rows."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from tukiverkko_common.clock import utcnow
from tukiverkko_common.db import WRITE, write_connection, write_transaction
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.sqlite_driver import OneTripConnection
from tukiverkko_common.tables import MessagingTables


class UnitOfWork:
    """Open a write transaction; `stage` events; `commit` writes them with the state, once."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tables: MessagingTables,
        *,
        source: str,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self.tables = tables
        self._source = source
        self._on_commit = on_commit
        self._staged: list[Staged] = []
        self.session: AsyncSession

    async def __aenter__(self) -> "UnitOfWork":
        self._writer = write_connection(self._sessions.kw["bind"])
        held = await self._writer.__aenter__()
        try:
            # SQLite: the session works on the write slot's connection; PostgreSQL: on the pool's.
            self.session = self._sessions() if held is None else self._sessions(bind=held)
            await self.session.connection(execution_options=WRITE)
        except BaseException as exc:
            await self._writer.__aexit__(type(exc), exc, exc.__traceback__)
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._staged.clear()
        try:
            await self.session.rollback()
            await self.session.close()
        finally:
            await self._writer.__aexit__(exc_type, exc, tb)

    def stage(self, payload: EventData, *, key: str, subject: str | None = None) -> CloudEvent:
        """Queue an event to be written to the outbox in this transaction."""
        staged = envelope(payload, key=key, subject=subject, source=self._source)
        self._staged.append(staged)
        return staged[2]

    async def commit(self) -> None:
        """Write staged events to the outbox, commit everything, then wake the relay."""
        if self._staged:
            connection = await self.session.connection()
            # Flush first: on SQLite the outbox rows ride with the COMMIT, and an error of the
            # ORM's own statements must surface as theirs.
            await self.session.flush()
            await _insert_outbox(connection, self.tables.outbox, self._staged)
        await self.session.commit()
        had_events = bool(self._staged)
        self._staged.clear()
        if had_events and self._on_commit:
            self._on_commit()


Staged = tuple[str, str, CloudEvent]
"""An event on its way to the outbox: topic, key and envelope."""


def envelope(payload: EventData, *, key: str, subject: str | None = None, source: str) -> Staged:
    """Wrap a payload for the outbox; correlation and trace come from the current context."""
    return payload.topic, key, CloudEvent.wrap(payload, source=source, subject=subject or key)


async def append_events(
    engine: AsyncEngine,
    tables: MessagingTables,
    events: list[Staged],
    on_commit: Callable[[], None] | None = None,
) -> None:
    """Commit events that carry no state change of their own (audit entries, say) in one transaction.

    No ORM session is opened; on SQLite the BEGIN, the rows and the COMMIT make one trip
    to the driver's thread.
    """
    if not events:
        return
    async with write_transaction(engine) as connection:
        await _insert_outbox(connection, tables.outbox, events)
    if on_commit:
        on_commit()


async def _insert_outbox(connection: AsyncConnection, outbox: Table, events: list[Staged]) -> None:
    now = utcnow()
    rows = [
        {
            "event_id": env.id,
            "topic": topic,
            "key": key,
            "event_type": env.type,
            "headers": [list(pair) for pair in env.header_pairs()],
            "payload": env.body().decode(),
            "created_at": now,
        }
        for topic, key, env in events
    ]
    assert connection.sync_connection is not None  # started by write_transaction
    raw = connection.sync_connection.connection.dbapi_connection
    if isinstance(raw, OneTripConnection):
        # SQLite: the rows travel with the COMMIT in one trip to the driver's thread.
        insert = _compiled_outbox_insert(outbox, connection.dialect)
        raw.defer(insert.sql, [insert.parameters(row) for row in rows], many=True)
    else:
        # Core insert on the connection: the ORM execute path costs more than the row.
        await connection.execute(outbox.insert(), rows[0] if len(rows) == 1 else rows)


@dataclass(frozen=True)
class _CompiledInsert:
    """An INSERT compiled once, with the column types' own bind processing."""

    sql: str
    columns: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]

    def parameters(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            process(row[name]) if process else row[name]
            for name, process in zip(self.columns, self.processors, strict=True)
        )


_OUTBOX_COLUMNS = ("event_id", "topic", "key", "event_type", "headers", "payload", "created_at")


@functools.cache
def _compiled_outbox_insert(outbox: Table, dialect: Dialect) -> _CompiledInsert:
    compiled = (
        outbox.insert()
        .values({name: bindparam(name) for name in _OUTBOX_COLUMNS})
        .compile(dialect=dialect)
    )
    columns = tuple(compiled.positiontup or ())
    if sorted(columns) != sorted(_OUTBOX_COLUMNS):
        raise RuntimeError(f"unexpected outbox insert parameters: {columns}")
    processors = tuple(
        outbox.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    )
    return _CompiledInsert(sql=str(compiled), columns=columns, processors=processors)
