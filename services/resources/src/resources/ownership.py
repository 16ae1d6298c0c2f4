"""The object kinds resources owns, answered for the gateway's access checks.

A card belongs to organisations, not to a client: `client_id` is null, `region` is the
card's wellbeing region, `owner_organisation_id` the organisation that maintains it.
"""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from resources.models import Card
from tukiverkko_common.ownership import OwnershipRead, Resolver


async def card_owner(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
    """Return the card's region and maintaining organisation."""
    query = select(Card.region, Card.owner_organisation_id).where(Card.id == ident)  # type: ignore[call-overload]
    row = (await (await session.connection()).execute(query)).one_or_none()
    if row is None:
        return None
    return OwnershipRead(
        kind="card",
        id=ident,
        region=row.region,
        owner_organisation_id=str(row.owner_organisation_id),
    )


KINDS: dict[str, Resolver] = {"card": card_owner}
"""Ownership kind → resolver (session, id) → ownership or None."""
