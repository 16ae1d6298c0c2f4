"""Citizen cards: created only under a permitting inclusion decision; changed only while it is in force."""

import logging
from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi.encoders import jsonable_encoder
from sqlalchemy.dialects import postgresql, sqlite

from resources.models import Card, InclusionConsent
from resources.repository import cards as repository
from resources.schemas.cards import CitizenCardCreate, CitizenCardUpdate, ContactRead
from resources.service.common import checked_districts, editable, existing_card, save
from resources.service.consent_gate import ConsentGate, consent_missing, subjects_in_force
from tukiverkko_common.actors import Actor
from tukiverkko_common.clock import as_utc, utcnow
from tukiverkko_common.problems import Problem
from tukiverkko_common.uow import UnitOfWork

log = logging.getLogger(__name__)
PERSONAL = {"contact", "availability", "birthday", "skills", "interests", "wants_to_know"} | {
    "description"
}


async def create_citizen(
    *, uow: UnitOfWork, gate: ConsentGate, data: CitizenCardCreate, actor: Actor
) -> Card:
    """Add a citizen card if the consent service permits the person's inclusion now."""
    decision = await gate.inclusion(subject_id=data.subject_id, keeper=actor.organisation_id)
    if not decision.permitted:
        # The refusal is logged without the person: no subject id, no name, only the outcome.
        log.info("citizen card refused: no inclusion consent in force")
        raise consent_missing(data.subject_id, decision.reason)
    await _mirror_decision(uow, gate, data.subject_id, decision.consent_ids)
    card = Card(
        card_type="citizen",
        region=data.region,
        owner_organisation_id=actor.organisation_id,
        subject_id=data.subject_id,
        name_fi=data.name,
        districts=data.districts,
        life_areas=sorted(set(data.life_areas)),
        responsible_worker_id=data.responsible_worker_id,
        details=_details({}, data, PERSONAL),
    )
    uow.session.add(card)
    return await save(uow, card, "created", [])


async def _mirror_decision(
    uow: UnitOfWork, gate: ConsentGate, subject_id: UUID, consent_ids: tuple[UUID, ...]
) -> None:
    # The granted event may not have arrived yet: mirror the consents the decision rests on, so
    # the new card reads unmasked at once. A consent already known as withdrawn or expired was
    # ended after the decision: refuse rather than create a card nobody may see.
    for consent_id in consent_ids:
        known = await repository.consent_row(uow.session, consent_id)
        if known is not None and known.status != "active":
            raise consent_missing(subject_id, f"consent {known.status}")
        if known is None and (validity := await gate.consent_validity(consent_id)):
            await _insert_absent(uow, consent_id, subject_id, validity)


async def _insert_absent(
    uow: UnitOfWork,
    consent_id: UUID,
    subject_id: UUID,
    validity: tuple[datetime, datetime | None],
) -> None:
    # The granted event may be mirrored by the consumer at this very moment: whichever insert
    # comes second does nothing (both carry the same consent).
    values = {
        "consent_id": consent_id,
        "subject_id": subject_id,
        "status": "active",
        "valid_from": as_utc(validity[0]),
        "valid_until": as_utc(validity[1]) if validity[1] else None,
        "updated_at": utcnow(),
    }
    table = InclusionConsent.__table__  # type: ignore[attr-defined]
    dialect = (await uow.session.connection()).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await uow.session.execute(insert(table).values(**values).on_conflict_do_nothing())


async def update_citizen(*, uow: UnitOfWork, card_id: UUID, data: CitizenCardUpdate) -> Card:
    """Change a citizen card, only while the person's inclusion consent is in force."""
    card = editable(await existing_card(uow.session, card_id, "citizen"))
    await require_in_force(uow, card)
    given = data.model_fields_set
    if "name" in given and data.name:
        card.name_fi = data.name
    if "districts" in given:
        card.districts = checked_districts(card.region, data.districts or [])
    if "life_areas" in given:
        card.life_areas = sorted(set(data.life_areas or []))
    if "responsible_worker_id" in given:
        card.responsible_worker_id = data.responsible_worker_id
    card.details = _details(card.details, data, given & PERSONAL)
    return await save(uow, card, "updated", [])


async def require_in_force(uow: UnitOfWork, card: Card) -> None:
    """Refuse (409) when the card's person has no inclusion consent in force now."""
    if card.subject_id is None:
        return
    if card.subject_id not in await subjects_in_force(uow.session, {card.subject_id}, utcnow()):
        raise consent_missing(card.subject_id, "not in force now")


def _details(current: dict[str, Any], data: Any, names: set[str]) -> dict[str, Any]:
    details = dict(current)
    for name in names:
        value = jsonable_encoder(getattr(data, name), exclude_none=True)
        if value in (None, [], {}):
            details.pop(name, None)
        else:
            details[name] = value
    return details


async def contact_of(*, session: Any, card_id: UUID) -> ContactRead:
    """Return a citizen's name and contact details, only while their inclusion is in force."""
    card = await existing_card(session, card_id, "citizen")
    if card.status != "active" or card.subject_id is None:
        raise _no_contact()
    if card.subject_id not in await subjects_in_force(session, {card.subject_id}, utcnow()):
        raise _no_contact()
    return ContactRead(
        card_id=card.id, name=card.name_fi or "", contact=card.details.get("contact") or {}
    )


def _no_contact() -> Problem:
    return Problem(
        409,
        "inclusion-consent-missing",
        "No consent to inclusion in the resource file",
        "the person's contact details are not available",
    )
