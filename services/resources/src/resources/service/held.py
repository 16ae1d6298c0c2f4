"""Competence and strength cards, each held by an organisation or a citizen card."""

from uuid import UUID

from resources.codes import COMPETENCES
from resources.models import Card
from resources.repository import cards as repository
from resources.schemas.cards import CompetenceCardCreate, HeldCardUpdate, StrengthCardCreate
from resources.service.citizens import require_in_force
from resources.service.common import editable, existing_card, save
from resources.service.indexing import reindex
from tukiverkko_common.actors import Actor
from tukiverkko_common.problems import invalid, not_found
from tukiverkko_common.uow import UnitOfWork


async def _holder(uow: UnitOfWork, holder_card_id: UUID) -> Card:
    holder = await repository.get_card(uow.session, holder_card_id)
    if holder is None or holder.card_type not in ("organisation", "citizen"):
        raise not_found("card", holder_card_id)
    editable(holder)
    await require_in_force(uow, holder)
    return holder


def _held(holder: Card, card_type: str, actor: Actor) -> Card:
    return Card(
        card_type=card_type,
        region=holder.region,
        owner_organisation_id=actor.organisation_id,
        holder_card_id=holder.id,
        subject_id=holder.subject_id,
        districts=list(holder.districts),
    )


async def create_competence(
    *, uow: UnitOfWork, holder_card_id: UUID, data: CompetenceCardCreate, actor: Actor
) -> Card:
    """Add a competence (a taxonomy code) to an organisation or citizen."""
    holder = await _holder(uow, holder_card_id)
    await reindex(uow.session, holder)  # the holder's competences changed
    card = _held(holder, "competence", actor)
    _set_competence(card, data.competence)
    card.details = _texts(data.description, data.preferences)
    uow.session.add(card)
    return await save(uow, card, "created", [])


async def create_strength(
    *, uow: UnitOfWork, holder_card_id: UUID, data: StrengthCardCreate, actor: Actor
) -> Card:
    """Add a strength, in the holder's own words, to an organisation or citizen."""
    holder = await _holder(uow, holder_card_id)
    await reindex(uow.session, holder)  # the holder's strengths changed
    card = _held(holder, "strength", actor)
    card.name_fi, card.name_sv = data.title_fi, data.title_sv
    card.life_areas = sorted(set(data.life_areas))
    card.details = _texts(data.description, data.preferences)
    uow.session.add(card)
    return await save(uow, card, "created", [])


async def update_held(*, uow: UnitOfWork, card_id: UUID, data: HeldCardUpdate) -> Card:
    """Change a competence or strength card."""
    card = editable(await existing_card(uow.session, card_id))
    if card.card_type not in ("competence", "strength"):
        raise invalid("card_id", "not a competence or strength card")
    await require_in_force(uow, card)
    given = data.model_fields_set
    if card.card_type == "competence" and data.competence:
        _set_competence(card, data.competence)
    if card.card_type == "strength":
        card.name_fi = data.title_fi if "title_fi" in given and data.title_fi else card.name_fi
        card.name_sv = data.title_sv if "title_sv" in given else card.name_sv
    if "life_areas" in given:
        card.life_areas = sorted(set(data.life_areas or []))
    texts = _texts(data.description, data.preferences)
    card.details = {**card.details, **{k: v for k, v in texts.items() if k in given}}
    return await save(uow, card, "updated", [])


def _set_competence(card: Card, code: str) -> None:
    card.competences = [code]
    card.name_fi, card.name_sv = COMPETENCES[code]["fi"], COMPETENCES[code]["sv"]


def _texts(description: str | None, preferences: str | None) -> dict[str, str]:
    return {k: v for k, v in (("description", description), ("preferences", preferences)) if v}
