"""Parked outbox rows: rows the broker would not take, held with their error until released.

A parked row holds back the later rows of its key (topic and key), so a person's events
stay in order; other keys keep flowing. Releasing a row gives it a fresh set of attempts,
and the relay then publishes it first, followed by the rows that waited behind it.
"""

from dataclasses import dataclass
from datetime import datetime

from aiokafka.errors import BrokerResponseError, RecordTooLargeError
from sqlalchemy import ColumnElement, and_, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from tukiverkko_common.clock import utcnow
from tukiverkko_common.db import write_transaction
from tukiverkko_common.tables import MessagingTables

ERROR_CHARS = 500


def row_specific(exc: BaseException) -> bool:
    """Return True for errors of one record (size, serialisation, a refusal), not of the broker."""
    if isinstance(exc, TypeError | ValueError | AttributeError | RecordTooLargeError):
        return True
    return isinstance(exc, BrokerResponseError) and not exc.retriable


def describe(exc: BaseException) -> str:
    """Return the error as stored with the row (type and a bounded message)."""
    return f"{type(exc).__name__}: {str(exc)[:400]}"


@dataclass(frozen=True)
class ParkedRow:
    """What an operator sees of a parked row (never its payload: it may hold personal data)."""

    seq: int
    event_id: str
    topic: str
    event_type: str
    attempts: int
    error: str
    created_at: datetime
    parked_at: datetime
    waiting: int


def publishable(tables: MessagingTables) -> ColumnElement[bool]:
    """Where-clause for unsent rows that may go now: not parked, no parked row ahead on their key."""
    outbox = tables.outbox
    ahead = outbox.alias("ahead")
    blocked = exists().where(
        ahead.c.sent_at.is_(None),
        ahead.c.parked_at.is_not(None),
        ahead.c.topic == outbox.c.topic,
        ahead.c.key == outbox.c.key,
        ahead.c.seq < outbox.c.seq,
    )
    return and_(outbox.c.sent_at.is_(None), outbox.c.parked_at.is_(None), ~blocked)


async def count_unsent(conn: AsyncConnection, tables: MessagingTables) -> tuple[int, int]:
    """Return (unsent rows including parked ones, parked rows)."""
    outbox = tables.outbox
    row = (
        await conn.execute(
            select(func.count(), func.count(outbox.c.parked_at)).where(outbox.c.sent_at.is_(None))
        )
    ).one()
    return int(row[0]), int(row[1])


async def record_failures(
    engine: AsyncEngine, tables: MessagingTables, errors: dict[int, str], max_attempts: int
) -> int:
    """Count a failed attempt on each row; park those that reached `max_attempts`; return parked."""
    outbox = tables.outbox
    parked = 0
    async with write_transaction(engine) as conn:
        for seq, error in errors.items():
            attempts = await conn.scalar(
                update(outbox)
                .where(outbox.c.seq == seq, outbox.c.sent_at.is_(None))
                .values(attempts=outbox.c.attempts + 1, last_error=error[:ERROR_CHARS])
                .returning(outbox.c.attempts)
            )
            if attempts is not None and attempts >= max_attempts:
                await conn.execute(
                    update(outbox).where(outbox.c.seq == seq).values(parked_at=utcnow())
                )
                parked += 1
    return parked


async def list_parked(engine: AsyncEngine, tables: MessagingTables) -> list[ParkedRow]:
    """Return the parked rows in publish order, each with how many rows wait behind it."""
    outbox = tables.outbox
    behind = outbox.alias("behind")
    waiting = (
        select(func.count())
        .where(
            behind.c.sent_at.is_(None),
            behind.c.topic == outbox.c.topic,
            behind.c.key == outbox.c.key,
            behind.c.seq > outbox.c.seq,
        )
        .scalar_subquery()
    )
    query = (
        select(
            outbox.c.seq,
            outbox.c.event_id,
            outbox.c.topic,
            outbox.c.event_type,
            outbox.c.attempts,
            outbox.c.last_error,
            outbox.c.created_at,
            outbox.c.parked_at,
            waiting,
        )
        .where(outbox.c.sent_at.is_(None), outbox.c.parked_at.is_not(None))
        .order_by(outbox.c.seq)
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [ParkedRow(*row[:5], row[5] or "", *row[6:]) for row in rows]


async def release(engine: AsyncEngine, tables: MessagingTables, seqs: list[int] | None) -> int:
    """Unpark the given rows (all when None) with fresh attempts; return how many were released."""
    outbox = tables.outbox
    statement = (
        update(outbox)
        .where(outbox.c.sent_at.is_(None), outbox.c.parked_at.is_not(None))
        .values(parked_at=None, attempts=0)
    )
    if seqs is not None:
        statement = statement.where(outbox.c.seq.in_(seqs))
    async with write_transaction(engine) as conn:
        result = await conn.execute(statement)
    return result.rowcount
