"""Card queries: one card, its offers, a person's cards, pages of a region's cards. Never commit."""

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, String, and_, cast, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Card, InclusionConsent, Offer
from tukiverkko_common.paging import PageParams


async def get_card(session: AsyncSession, card_id: UUID) -> Card | None:
    """Return the card with this id, or None."""
    return await session.get(Card, card_id)


async def offers_of(session: AsyncSession, card_ids: Sequence[UUID]) -> dict[UUID, list[Offer]]:
    """Return each card's offers and needs, in their order."""
    found: dict[UUID, list[Offer]] = {card_id: [] for card_id in card_ids}
    if not card_ids:
        return found
    query = (
        select(Offer)
        .where(col(Offer.card_id).in_(card_ids))
        .order_by(col(Offer.card_id), col(Offer.position))
    )
    for offer in (await session.exec(query)).all():
        found[offer.card_id].append(offer)
    return found


async def cards_of_subject(session: AsyncSession, subject_id: UUID) -> list[Card]:
    """Return every card about this person that still holds personal data."""
    query = select(Card).where(Card.subject_id == subject_id, Card.status != "suppressed")
    return list((await session.exec(query)).all())


async def consent_row(session: AsyncSession, consent_id: UUID) -> InclusionConsent | None:
    """Return the local mirror of one inclusion consent."""
    return await session.get(InclusionConsent, consent_id)


async def card_page(
    session: AsyncSession,
    *,
    regions: Sequence[str] | None,
    card_type: str | None,
    district: str | None,
    status: str | None,
    params: PageParams,
) -> list[Card]:
    """Return one page (limit + 1 rows) of cards in change order, filtered and scoped."""
    query = select(Card)
    if regions is not None:
        query = query.where(col(Card.region).in_(regions))
    if card_type:
        query = query.where(Card.card_type == card_type)
    if status:
        query = query.where(Card.status == status)
    if params.modified_after is not None:
        query = query.where(Card.updated_at > params.modified_after)
    if params.cursor is not None:
        stamp, ident = params.cursor
        query = query.where(
            or_(
                col(Card.updated_at) > stamp,
                and_(col(Card.updated_at) == stamp, col(Card.id) > ident),
            )
        )
    if district:
        query = query.where(has_district(district))
    query = query.order_by(col(Card.updated_at), col(Card.id)).limit(params.limit + 1)
    return list((await session.exec(query)).all())


def has_district(district: str) -> ColumnElement[bool]:
    """Return the condition: the card's district list holds this code.

    The code is validated against the area list (letters, digits and hyphens), so matching it
    quoted inside the JSON text is exact on SQLite and PostgreSQL alike.
    """
    return cast(Card.districts, String).like(f'%"{district}"%')
