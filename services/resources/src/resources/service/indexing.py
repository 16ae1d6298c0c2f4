"""What the search index is told about a card, and when.

`search_document` never includes a person's text unless the card still holds it (a suppressed
card has none); the search side must still mask at query time for consents that lapsed since
(`resources.service.views.read_cards` does that for every read).
"""

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from resources.models import Card, Offer
from resources.search import index
from resources.search.document import SearchDocument


def _joined(*parts: object) -> str:
    flat: list[str] = []
    for part in parts:
        if isinstance(part, list | tuple):
            flat += [str(p) for p in part if p]
        elif part:
            flat.append(str(part))
    return " ".join(flat)


def _availability(card: Card) -> tuple[tuple[int, str, str], ...]:
    windows = card.details.get("availability") or []
    return tuple((int(w["weekday"]), str(w["start"]), str(w["end"])) for w in windows)


def search_document(card: Card, offers: Sequence[Offer] = ()) -> SearchDocument | None:
    """Return the card as the index sees it; None for an archived or suppressed card."""
    if card.status != "active":
        return None
    d = card.details
    offered = list(offers)
    text_fi = _joined(
        card.name_fi, d.get("description_fi"), d.get("description"), d.get("preferences"),
        [o.name_fi for o in offered], [o.description_fi for o in offered],
        d.get("skills"), d.get("interests"), d.get("facilities"),
    )  # fmt: skip
    text_sv = _joined(
        card.name_sv, d.get("description_sv"),
        [o.name_sv for o in offered], [o.description_sv for o in offered],
    )  # fmt: skip
    return SearchDocument(
        card_id=card.id,
        card_type=card.card_type,
        region=card.region,
        districts=tuple(card.districts),
        sector=card.sector,
        target_groups=tuple(card.target_groups),
        competences=tuple(card.competences),
        life_areas=tuple(sorted({*card.life_areas, *(o.life_area for o in offers if o.life_area)})),
        title_fi=card.name_fi or "",
        title_sv=card.name_sv or card.name_fi or "",
        text_fi=text_fi,
        text_sv=text_sv,
        availability=_availability(card),
        latitude=card.latitude,
        longitude=card.longitude,
        holder_card_id=card.holder_card_id,
        updated_at=card.updated_at,
    )


async def reindex(session: AsyncSession, card: Card, offers: Sequence[Offer] = ()) -> None:
    """Tell the index about a card's new state (inside the caller's unit of work)."""
    document = search_document(card, offers)
    if document is None:
        await index.remove_card(session, card.id)
    else:
        await index.index_card(session, document)


async def unindex(session: AsyncSession, card_id: UUID) -> None:
    """Drop a card from the index (archived, or its person's data erased)."""
    await index.remove_card(session, card_id)
