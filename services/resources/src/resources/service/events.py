"""Card events: type, region and district codes only, keyed by the card id."""

from resources.models import Card
from tukiverkko_common.contracts.resources import (
    CardArchived,
    CardCreated,
    CardStale,
    CardSuppressed,
    CardUpdated,
)
from tukiverkko_common.uow import UnitOfWork

EVENTS = {
    "created": CardCreated,
    "updated": CardUpdated,
    "archived": CardArchived,
}


def stage_card_event(uow: UnitOfWork, what: str, card: Card) -> None:
    """Stage card.created, card.updated or card.archived."""
    payload = EVENTS[what](
        card_id=card.id, card_type=card.card_type, region=card.region, districts=card.districts
    )
    uow.stage(payload, key=str(card.id))


def stage_suppressed(uow: UnitOfWork, card: Card, reason: str) -> None:
    """Stage card.suppressed (the card's personal data was erased)."""
    payload = CardSuppressed(
        card_id=card.id,
        card_type=card.card_type,
        region=card.region,
        districts=card.districts,
        reason=reason,
    )
    uow.stage(payload, key=str(card.id))


def stage_stale(
    uow: UnitOfWork, card: Card, unchanged_days: int, uncontacted_days: int | None
) -> None:
    """Stage card.stale."""
    payload = CardStale(
        card_id=card.id,
        card_type=card.card_type,
        region=card.region,
        districts=card.districts,
        unchanged_days=unchanged_days,
        uncontacted_days=uncontacted_days,
    )
    uow.stage(payload, key=str(card.id))
