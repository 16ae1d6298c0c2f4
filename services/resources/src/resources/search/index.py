"""Index hooks the card use cases call inside their unit of work.

Placeholder until the search engine lands: both hooks do nothing, so cards work without it.
"""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from resources.search.document import SearchDocument


async def index_card(session: AsyncSession, doc_or_card_id: SearchDocument | UUID) -> None:
    """Add or replace a card in the index (no-op placeholder)."""


async def remove_card(session: AsyncSession, card_id: UUID) -> None:
    """Drop a card from the index (no-op placeholder)."""
