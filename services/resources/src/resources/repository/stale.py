"""Which cards have gone stale: unchanged, or without an activity-log entry, for too long."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from resources.config import ResourcesSettings
from resources.models import Card


def stale_condition(settings: ResourcesSettings, now: datetime) -> ColumnElement[bool]:
    """Return the SQL condition of an active card that is stale at `now`."""
    unchanged_before = now - timedelta(days=settings.stale_unchanged_days)
    uncontacted_before = (now - timedelta(days=settings.stale_uncontacted_days)).date()
    never_contacted = and_(
        col(Card.last_contact_on).is_(None),
        col(Card.created_at) < now - timedelta(days=settings.stale_uncontacted_days),
    )
    return and_(
        col(Card.status) == "active",
        or_(
            col(Card.updated_at) < unchanged_before,
            col(Card.last_contact_on) < uncontacted_before,
            never_contacted,
        ),
    )


async def stale_cards(
    session: AsyncSession,
    settings: ResourcesSettings,
    now: datetime,
    *,
    regions: Sequence[str] | None,
    responsible: str | None,
    limit: int,
) -> list[Card]:
    """Return stale cards, the longest unchanged first."""
    query = select(Card).where(stale_condition(settings, now))
    if regions is not None:
        query = query.where(col(Card.region).in_(regions))
    if responsible is not None:
        query = query.where(Card.responsible_worker_id == responsible)
    query = query.order_by(col(Card.updated_at), col(Card.id)).limit(limit)
    return list((await session.exec(query)).all())


async def due_for_notice(
    session: AsyncSession, settings: ResourcesSettings, now: datetime, limit: int
) -> list[Card]:
    """Return stale cards not announced within the current staleness period."""
    period_start = now - timedelta(days=settings.stale_unchanged_days)
    query = (
        select(Card)
        .where(stale_condition(settings, now))
        .where(
            or_(
                col(Card.stale_notified_at).is_(None),
                col(Card.stale_notified_at) < period_start,
            )
        )
        .order_by(col(Card.updated_at), col(Card.id))
        .limit(limit)
    )
    return list((await session.exec(query)).all())
