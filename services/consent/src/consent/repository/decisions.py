"""The decision read path: one indexed lookup per request, no cache to go stale.

The gateway asks on every request, so this path avoids per-request overhead: on SQLite it
runs the compiled query on a dedicated synchronous connection in the event loop (an indexed
lookup takes tens of microseconds, far less than handing it to aiosqlite's thread); on other
databases it uses the engine's pool. Both read committed data at once, so a withdrawal in any
process denies the next decision everywhere.
"""

import sqlite3
from datetime import datetime
from typing import Protocol
from uuid import UUID

from sqlalchemy import bindparam, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from consent.codes import ConsentStatus
from consent.models import consents, grants

DECISION_QUERY = (
    select(grants.c.consent_id)
    .join(consents, consents.c.id == grants.c.consent_id)
    .where(
        grants.c.subject_id == bindparam("subject_id"),
        grants.c.purpose == bindparam("purpose"),
        grants.c.data_category == bindparam("data_category"),
        grants.c.recipient == bindparam("recipient"),
        consents.c.status == ConsentStatus.active.value,
        consents.c.valid_from <= bindparam("at"),
        or_(consents.c.valid_until.is_(None), consents.c.valid_until > bindparam("at")),
    )
)
"""The decision: one lookup on ix_consent_grants_lookup joined to consents by primary key."""


async def permitting_consent_ids(
    conn: AsyncConnection,
    *,
    subject_id: UUID,
    purpose: str,
    data_category: str,
    recipient: str,
    at: datetime,
) -> list[UUID]:
    """Return the ids of active consents covering the request at `at` (empty: deny)."""
    params = {
        "subject_id": subject_id,
        "purpose": purpose,
        "data_category": data_category,
        "recipient": recipient,
        "at": at,
    }
    return list((await conn.execute(DECISION_QUERY, params)).scalars())


class DecisionReader(Protocol):
    """Looks up the consents that permit one request."""

    async def consent_ids(
        self, *, subject_id: UUID, purpose: str, data_category: str, recipient: str, at: datetime
    ) -> list[UUID]: ...

    def close(self) -> None: ...


class EngineDecisionReader:
    """The decision query through the service's async engine (PostgreSQL and the general case)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def consent_ids(
        self, *, subject_id: UUID, purpose: str, data_category: str, recipient: str, at: datetime
    ) -> list[UUID]:
        """Return the ids of the consents permitting the request, sorted."""
        async with self._engine.connect() as conn:
            ids = await permitting_consent_ids(
                conn,
                subject_id=subject_id,
                purpose=purpose,
                data_category=data_category,
                recipient=recipient,
                at=at,
            )
            return sorted(ids)

    def close(self) -> None:
        """Nothing to close: the engine belongs to the runtime."""


class SqliteDecisionReader:
    """The same compiled query on a synchronous, query-only SQLite connection of this process."""

    def __init__(self, engine: AsyncEngine) -> None:
        dialect = engine.dialect
        compiled = DECISION_QUERY.compile(dialect=dialect)
        self._sql = str(compiled)
        # Per positional slot: the request key it takes (or the constant compiled into the query)
        # and the type's bind processor, worked out once instead of per request.
        self._slots = [
            (
                name,
                compiled.binds[name].value,
                compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect),
            )
            for name in compiled.positiontup or []
        ]
        path = make_url(engine.url).database
        if not path:  # decision_reader picks this reader for file databases only
            raise ValueError("the SQLite decision reader needs a database file")
        self._path = path
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            # Autocommit: every SELECT reads the latest committed state (WAL) and holds no snapshot.
            conn = sqlite3.connect(self._path, isolation_level=None, timeout=5)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            self._conn = conn
        return self._conn

    async def consent_ids(self, **request: object) -> list[UUID]:
        """Return the ids of the consents permitting the request, sorted."""
        args = []
        for name, constant, processor in self._slots:
            value = request.get(name, constant)
            args.append(processor(value) if processor else value)
        rows = self._connection().execute(self._sql, args).fetchall()
        return sorted(UUID(row[0]) for row in rows)

    def close(self) -> None:
        """Close this process's read connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def decision_reader(engine: AsyncEngine) -> DecisionReader:
    """Return the fastest correct reader for the engine's database."""
    database = make_url(engine.url).database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return SqliteDecisionReader(engine)
    return EngineDecisionReader(engine)
