"""Card queries."""

from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Card


async def get_card(session: AsyncSession, card_id: UUID) -> Card | None:
    """Return the card with this id, or None."""
    return await session.get(Card, card_id)
