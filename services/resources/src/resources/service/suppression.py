"""Inclusion consents from the consent service: mirror them, and erase a person's data when one ends.

A person stays in the resource file while *any* of their inclusion consents is in force; when
the last one is withdrawn or expires, every card about them loses its personal data in the same
transaction as the inbox row, and a `card.suppressed` event per card says so.
"""

from datetime import datetime
from uuid import UUID

from sqlmodel import col, update

from resources.models import Activity, Card, Contribution, InclusionConsent
from resources.repository import cards as repository
from resources.service.consent_gate import PURPOSE, subjects_in_force
from resources.service.events import stage_suppressed
from resources.service.indexing import unindex
from tukiverkko_common.clock import as_utc, utcnow
from tukiverkko_common.uow import UnitOfWork


async def consent_in_force(
    *,
    uow: UnitOfWork,
    consent_id: UUID,
    subject_id: UUID,
    purpose: str,
    valid_from: datetime,
    valid_until: datetime | None,
) -> None:
    """Mirror a granted or changed inclusion consent (a withdrawn or expired one stays ended)."""
    if purpose != PURPOSE:
        return
    row = await repository.consent_row(uow.session, consent_id)
    if row is None:
        row = InclusionConsent(
            consent_id=consent_id, subject_id=subject_id, status="active", valid_from=valid_from
        )
    elif row.status != "active":
        return
    row.valid_from, row.valid_until = as_utc(valid_from), valid_until and as_utc(valid_until)
    row.updated_at = utcnow()
    uow.session.add(row)


async def consent_ended(
    *, uow: UnitOfWork, consent_id: UUID, subject_id: UUID, purpose: str, status: str
) -> int:
    """Mark an inclusion consent ended and erase the person's data unless another is in force.

    Returns how many cards were suppressed (a duplicate delivery suppresses none).
    """
    if purpose != PURPOSE:
        return 0
    row = await repository.consent_row(uow.session, consent_id)
    if row is None:
        row = InclusionConsent(
            consent_id=consent_id, subject_id=subject_id, status=status, valid_from=utcnow()
        )
    row.status, row.updated_at = status, utcnow()
    uow.session.add(row)
    await uow.session.flush()
    if subject_id in await subjects_in_force(uow.session, {subject_id}, utcnow()):
        return 0
    return await erase_subject(uow=uow, subject_id=subject_id, reason=f"consent_{status}")


async def erase_subject(*, uow: UnitOfWork, subject_id: UUID, reason: str) -> int:
    """Erase the person's data on every card about them; keep ids, types, districts, codes."""
    cards = await repository.cards_of_subject(uow.session, subject_id)
    now = utcnow()
    for card in cards:
        _erase(card, now)
        uow.session.add(card)
        stage_suppressed(uow, card, reason)
        await unindex(uow.session, card.id)
    ids = [card.id for card in cards]
    if ids:
        await uow.session.execute(
            update(Activity).where(col(Activity.card_id).in_(ids)).values(what=None, outcome=None)
        )
        await uow.session.execute(
            update(Contribution).where(col(Contribution.card_id).in_(ids)).values(to_what=None)
        )
    return len(cards)


def _erase(card: Card, now: datetime) -> None:
    if card.card_type != "competence":  # a competence card's name is the taxonomy label
        card.name_fi = card.name_sv = None
    card.details = {}
    card.latitude = card.longitude = None
    card.status, card.suppressed_at, card.updated_at = "suppressed", now, now
