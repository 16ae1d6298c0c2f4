"""Read models of cards, with a person's data masked unless their inclusion consent is in force now."""

from collections.abc import Sequence
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Card, Offer
from resources.repository import cards as repository
from resources.schemas.cards import CardRead
from resources.schemas.common import OfferingRead
from resources.service.consent_gate import subjects_in_force
from tukiverkko_common.clock import utcnow


def personal_state(card: Card, in_force: set[UUID]) -> str:
    """none (not about a person), present, masked (consent not in force now) or erased."""
    if card.subject_id is None:
        return "none"
    if card.status == "suppressed":
        return "erased"
    return "present" if card.subject_id in in_force else "masked"


def _offering(offer: Offer) -> OfferingRead:
    return OfferingRead(
        id=offer.id,
        name_fi=offer.name_fi,
        name_sv=offer.name_sv,
        description_fi=offer.description_fi,
        description_sv=offer.description_sv,
        life_area=offer.life_area,
    )


def card_read(card: Card, offers: Sequence[Offer], state: str) -> CardRead:
    """Return the read model; personal fields are left out unless `state` is present or none."""
    shown = state in ("none", "present")
    # A competence card's name is the taxonomy label, not the person's words: it always shows.
    name_shown = shown or card.card_type == "competence"
    return CardRead(
        **card.model_dump(
            exclude={"name_fi", "name_sv", "details", "subject_id", "external_source"}
            | {"external_id", "suppressed_at", "stale_notified_at"}
        ),
        name_fi=card.name_fi if name_shown else None,
        name_sv=card.name_sv if name_shown else None,
        details=_details(card) if shown else {},
        personal_data=state,
        offers=[_offering(o) for o in offers if o.direction == "offer"],
        needs=[_offering(o) for o in offers if o.direction == "need"],
    )


def _details(card: Card) -> dict:
    # A person's contact details are not part of the shared card: another organisation gets
    # them only from GET /citizen-cards/{id}/contact, under a disclosure consent, logged.
    if card.card_type == "citizen":
        return {k: v for k, v in card.details.items() if k != "contact"}
    return dict(card.details)


async def read_cards(session: AsyncSession, cards: Sequence[Card]) -> list[CardRead]:
    """Return the read models of these cards, masked as of this instant (two queries)."""
    in_force = await subjects_in_force(
        session, {c.subject_id for c in cards if c.subject_id is not None}, utcnow()
    )
    offers = await repository.offers_of(session, [c.id for c in cards])
    return [card_read(c, offers[c.id], personal_state(c, in_force)) for c in cards]


async def read_card(session: AsyncSession, card: Card) -> CardRead:
    """Return one card's read model, masked as of this instant."""
    return (await read_cards(session, [card]))[0]
