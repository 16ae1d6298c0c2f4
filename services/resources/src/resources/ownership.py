"""The object kinds resources owns, answered for the gateway's access checks.

A card belongs to organisations, not to a client: `client_id` is null, `region` is the
card's wellbeing region, `owner_organisation_id` the organisation that maintains it. A card
about a person names the person's consent subject (`subject_id`), so the gateway can check a
disclosure consent before it hands the person's contact details to another organisation.
An offer (an HSDS service) answers as the organisation card it belongs to.
"""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from resources.models import Card, Offer
from tukiverkko_common.ownership import OwnershipRead, Resolver


async def _card(
    session: AsyncSession, kind: str, ident: UUID, card_id: UUID
) -> OwnershipRead | None:
    query = select(Card.region, Card.owner_organisation_id, Card.subject_id).where(
        col(Card.id) == card_id
    )
    row = (await session.execute(query)).one_or_none()
    if row is None:
        return None
    return OwnershipRead(
        kind=kind,
        id=ident,
        region=row.region,
        owner_organisation_id=str(row.owner_organisation_id),
        subject_id=row.subject_id,
    )


async def card_owner(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
    """Return the card's region, maintaining organisation and (for a person) subject."""
    return await _card(session, "card", ident, ident)


async def offer_owner(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
    """Return the ownership of the organisation card an offer belongs to."""
    card_id = (
        await session.execute(select(Offer.card_id).where(col(Offer.id) == ident))
    ).scalar_one_or_none()
    return None if card_id is None else await _card(session, "offer", ident, card_id)


KINDS: dict[str, Resolver] = {"card": card_owner, "offer": offer_owner}
"""Ownership kind → resolver (session, id) → ownership or None."""
