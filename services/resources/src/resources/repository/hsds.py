"""HSDS queries: organisation cards and their offers, filtered, counted and paged. Never commit."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Card, Offer

HSDS_SECTORS = ("municipal", "third_sector", "private", "parish", "joint_authority")
"""Informal groups are people rather than organisations: never published (HSDS is public-facing)."""


def _organisations(regions: Sequence[str] | None) -> list[ColumnElement[bool]]:
    found = [col(Card.card_type) == "organisation", col(Card.sector).in_(HSDS_SECTORS)]
    if regions is not None:
        found.append(col(Card.region).in_(regions))
    return found


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _card_text(pattern: str) -> ColumnElement[bool]:
    return or_(
        func.lower(col(Card.name_fi)).like(pattern, escape="\\"),
        func.lower(col(Card.name_sv)).like(pattern, escape="\\"),
        func.lower(Card.details["description_fi"].as_string()).like(pattern, escape="\\"),
    )


async def organisations(
    session: AsyncSession,
    *,
    regions: Sequence[str] | None,
    search: str | None,
    modified_after: datetime | None,
    offset: int,
    limit: int,
) -> tuple[int, list[Card]]:
    """Return (total, page) of publishable organisation cards."""
    conditions = _organisations(regions)
    if search:
        conditions.append(_card_text(_like(search)))
    if modified_after is not None:
        conditions.append(col(Card.updated_at) >= modified_after)
    total = await session.scalar(select(func.count()).select_from(Card).where(*conditions))
    query = select(Card).where(*conditions).order_by(col(Card.name_fi), col(Card.id))
    rows = (await session.exec(query.offset(offset).limit(limit))).all()
    return int(total or 0), list(rows)


async def services(
    session: AsyncSession,
    *,
    regions: Sequence[str] | None,
    search: str | None,
    modified_after: datetime | None,
    organisation_id: UUID | None,
    offset: int,
    limit: int,
) -> tuple[int, list[tuple[Offer, Card]]]:
    """Return (total, page) of the offers of publishable organisation cards."""
    conditions: list[Any] = [*_organisations(regions), col(Offer.direction) == "offer"]
    if search:
        pattern = _like(search)
        conditions.append(
            or_(
                func.lower(col(Offer.name_fi)).like(pattern, escape="\\"),
                func.lower(col(Offer.name_sv)).like(pattern, escape="\\"),
                func.lower(col(Offer.description_fi)).like(pattern, escape="\\"),
                _card_text(pattern),
            )
        )
    if modified_after is not None:
        conditions.append(
            or_(col(Offer.updated_at) >= modified_after, col(Card.updated_at) >= modified_after)
        )
    if organisation_id is not None:
        conditions.append(col(Card.id) == organisation_id)
    joined = select(Offer, Card).join(Card, col(Card.id) == col(Offer.card_id)).where(*conditions)
    counted = select(func.count()).select_from(Offer).join(Card, col(Card.id) == col(Offer.card_id))
    total = await session.scalar(counted.where(*conditions))
    query = joined.order_by(col(Offer.name_fi), col(Offer.id)).offset(offset).limit(limit)
    rows = (await session.exec(query)).all()
    return int(total or 0), [(offer, card) for offer, card in rows]


async def organisation(session: AsyncSession, ident: UUID) -> Card | None:
    """Return a publishable organisation card."""
    query = select(Card).where(col(Card.id) == ident, *_organisations(None))
    return (await session.exec(query)).first()


async def service(session: AsyncSession, ident: UUID) -> tuple[Offer, Card] | None:
    """Return an offer of a publishable organisation card, with its card."""
    query = (
        select(Offer, Card)
        .join(Card, col(Card.id) == col(Offer.card_id))
        .where(col(Offer.id) == ident, col(Offer.direction) == "offer", *_organisations(None))
    )
    row = (await session.exec(query)).first()
    return (row[0], row[1]) if row else None
