"""Queries of the access and disclosure logs. Nothing here commits; use cases own the transaction."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import Row, select
from sqlmodel import col
from sqlmodel import select as select_entity
from sqlmodel.ext.asyncio.session import AsyncSession

from consent.models import AuditEntry


async def has_event(session: AsyncSession, model: type[AuditEntry], event_id: str) -> bool:
    """Return True when the log already holds the entry of this event."""
    return (
        await session.scalar(select(col(model.id)).where(col(model.event_id) == event_id))
        is not None
    )


async def last_link(session: AsyncSession, model: type[AuditEntry], client_id: UUID) -> Row | None:
    """Return (position, entry_hash) of the client's latest entry in the log, if any."""
    query = (
        select(col(model.position), col(model.entry_hash))
        .where(col(model.client_id) == client_id)
        .order_by(col(model.position).desc())
        .limit(1)
    )
    return (await session.execute(query)).first()


async def chain_page(
    session: AsyncSession, model: type[AuditEntry], client_id: UUID, *, after: int, limit: int
) -> list[AuditEntry]:
    """Return the client's entries after position `after`, in chain order, at most `limit`."""
    query = (
        select_entity(model)
        .where(model.client_id == client_id, model.position > after)
        .order_by(col(model.position))
        .limit(limit)
    )
    return list((await session.exec(query)).all())


async def entries_since(
    session: AsyncSession, model: type[AuditEntry], client_id: UUID, since: datetime, limit: int
) -> list:
    """Return the client's entries that occurred at or after `since`, oldest first, at most `limit`."""
    query = (
        select_entity(model)
        .where(model.client_id == client_id, model.occurred_at >= since)
        .order_by(col(model.occurred_at))
        .limit(limit)
    )
    return list((await session.exec(query)).all())
