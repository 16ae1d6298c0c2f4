"""Pieces the card use cases share: finding a card, offers, districts, saving with event and index."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Card, Offer
from resources.repository import cards as repository
from resources.schemas.common import Offering, districts_in_region
from resources.service.events import stage_card_event
from resources.service.indexing import reindex
from tukiverkko_common.clock import utcnow
from tukiverkko_common.problems import Problem, invalid, not_found
from tukiverkko_common.uow import UnitOfWork


async def existing_card(session: AsyncSession, card_id: UUID, card_type: str | None = None) -> Card:
    """Return the card, or 404 (also for a card of another kind than the route's)."""
    card = await repository.get_card(session, card_id)
    if card is None or (card_type is not None and card.card_type != card_type):
        raise not_found("card", card_id)
    return card


def editable(card: Card) -> Card:
    """Refuse changes to an archived card or one whose person's data was erased."""
    if card.status != "active":
        raise Problem(
            409,
            "card-not-active",
            "Card not active",
            f"the card is {card.status}; it cannot change",
        )
    return card


def checked_districts(region: str, districts: list[str]) -> list[str]:
    """Return the districts, or a 422 naming `districts` when one lies outside the region."""
    try:
        return districts_in_region(region, districts)
    except ValueError as exc:
        raise invalid("districts", str(exc)) from None


async def replace_offers(
    session: AsyncSession,
    card: Card,
    offers: Sequence[Offering] | None,
    needs: Sequence[Offering] | None,
) -> list[Offer]:
    """Replace the card's offers and/or needs (None: keep those); return all of them in order."""
    given = {d: items for d, items in (("offer", offers), ("need", needs)) if items is not None}
    if given:
        await session.execute(
            delete(Offer).where(col(Offer.card_id) == card.id, col(Offer.direction).in_(given))
        )
    rows = [
        Offer(card_id=card.id, direction=direction, position=i, **item.model_dump())
        for direction, items in given.items()
        for i, item in enumerate(items)
    ]
    session.add_all(rows)
    await session.flush()
    return (await repository.offers_of(session, [card.id]))[card.id]


def life_areas_of(offers: Sequence[Offering], needs: Sequence[Offering]) -> list[str]:
    """Return the life areas the offers and needs name, sorted."""
    return sorted({o.life_area for o in (*offers, *needs) if o.life_area})


async def save(
    uow: UnitOfWork, card: Card, what: str, offers: Sequence[Offer] | None = None
) -> Card:
    """Stamp, stage the card event, tell the index and commit once."""
    card.updated_at = utcnow()
    uow.session.add(card)
    await uow.session.flush()
    if offers is None:
        offers = (await repository.offers_of(uow.session, [card.id]))[card.id]
    stage_card_event(uow, what, card)
    await reindex(uow.session, card, offers)
    await uow.commit()
    return card


def json_ready(value: Any) -> Any:
    """Return a value as JSON stores it (models and dates as plain data)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
