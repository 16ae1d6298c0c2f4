"""Consent use cases: each changes state, stages its events and commits once."""

from datetime import datetime
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from consent.codes import ConsentStatus
from consent.models import Consent, ConsentRevision, Subject
from consent.repository import consents as repository
from consent.schemas.consents import ConsentCreate, ConsentPage, ConsentRead, ConsentUpdate
from consent.service import subjects
from consent.service.events import consent_event
from tukiverkko_common.actors import Actor
from tukiverkko_common.clock import as_utc, utcnow
from tukiverkko_common.contracts.consent import (
    ConsentChanged,
    ConsentExpired,
    ConsentGranted,
    ConsentWithdrawn,
)
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.paging import cut_page, page_request
from tukiverkko_common.problems import Problem, conflict, invalid, not_found
from tukiverkko_common.uow import UnitOfWork


async def grant_consent(*, uow: UnitOfWork, data: ConsentCreate, actor: Actor) -> Consent:
    """Record a consent for a known subject and publish ConsentGranted."""
    subject = await subjects.known_subject(session=uow.session, subject_id=data.subject_id)
    now = utcnow()
    valid_from = as_utc(data.valid_from) if data.valid_from else now
    if data.valid_until is not None and as_utc(data.valid_until) <= max(valid_from, now):
        raise invalid("valid_until", "must be later than valid_from and in the future")
    consent = _new_consent(data, subject, actor, valid_from=valid_from, now=now)
    uow.session.add(consent)
    await uow.session.flush()
    await repository.add_grants(uow.session, consent)
    granted = consent_event(
        ConsentGranted,
        consent,
        given_by_role=consent.given_by_role,
        representation_basis=consent.representation_basis,
    )
    uow.stage(granted, key=str(consent.subject_id))
    await uow.commit()
    return consent


def _new_consent(
    data: ConsentCreate, subject: Subject, actor: Actor, *, valid_from: datetime, now: datetime
) -> Consent:
    return Consent(
        subject_id=subject.id,
        subject_kind=subject.kind,
        purpose=data.purpose,
        data_categories=[c.value for c in data.data_categories],
        recipients=data.recipients,
        given_by_role=data.given_by.role,
        representation_basis=data.given_by.representation_basis,
        representation_reference=data.given_by.representation_reference,
        representative_id=data.given_by.representative_id,
        collection_method=data.collection_method,
        notice_version=data.notice_version,
        notice_language=data.notice_language,
        valid_from=valid_from,
        valid_until=as_utc(data.valid_until) if data.valid_until else None,
        recorded_at=now,
        modified_at=now,
        recorded_by_organisation=actor.organisation_id,
        recorded_by_user=actor.user,
    )


async def get_consent(*, session: AsyncSession, consent_id: UUID) -> Consent:
    """Return a consent or raise 404."""
    consent = await repository.get_consent(session, consent_id)
    if consent is None:
        raise not_found("consent", consent_id)
    return consent


async def withdraw_consent(
    *, uow: UnitOfWork, consent_id: UUID, reason: str, actor: Actor
) -> Consent:
    """Withdraw an active consent at once and publish ConsentWithdrawn; the record itself is kept."""
    now = utcnow()
    won = await repository.withdraw_if_active(
        uow.session,
        consent_id,
        now=now,
        reason=reason,
        organisation_id=actor.organisation_id,
        user_id=actor.user,
    )
    consent = await repository.get_consent(uow.session, consent_id, refresh=True)
    if consent is None:
        raise not_found("consent", consent_id)
    if not won:
        raise _not_active(consent, now)
    uow.stage(
        consent_event(ConsentWithdrawn, consent, withdrawn_at=now), key=str(consent.subject_id)
    )
    await uow.commit()
    return consent


def _not_active(consent: Consent, now: datetime) -> Problem:
    state = ConsentRead.of(consent, now).status
    kind = "consent-already-withdrawn" if state == ConsentStatus.withdrawn else "consent-not-active"
    return conflict(kind, f"consent {consent.id} is {state.value}", status_now=state.value)


async def change_consent(
    *, uow: UnitOfWork, consent_id: UUID, data: ConsentUpdate, actor: Actor
) -> Consent:
    """Narrow an active consent, keep its previous scope as a revision and publish ConsentChanged."""
    now = utcnow()
    consent = await repository.get_consent(uow.session, consent_id)
    if consent is None:
        raise not_found("consent", consent_id)
    if ConsentRead.of(consent, now).status != ConsentStatus.active:
        raise _not_active(consent, now)
    scope = (
        _narrowed_categories(consent, data),
        _narrowed_recipients(consent, data),
        _narrowed_end(consent, data, now),
    )
    if scope == (consent.data_categories, consent.recipients, consent.valid_until):
        return consent
    uow.session.add(_revision_of(consent, actor, now))
    consent.data_categories, consent.recipients, consent.valid_until = scope
    consent.modified_at = now
    uow.session.add(consent)
    await uow.session.flush()
    await repository.replace_grants(uow.session, consent)
    uow.stage(consent_event(ConsentChanged, consent), key=str(consent.subject_id))
    await uow.commit()
    return consent


def _revision_of(consent: Consent, actor: Actor, now: datetime) -> ConsentRevision:
    return ConsentRevision(
        consent_id=consent.id,
        changed_at=now,
        changed_by_organisation=actor.organisation_id,
        changed_by_user=actor.user,
        previous_data_categories=consent.data_categories,
        previous_recipients=consent.recipients,
        previous_valid_until=consent.valid_until,
    )


# A change may only narrow what the person agreed to; anything wider needs a new consent.


def _narrowed_categories(consent: Consent, data: ConsentUpdate) -> list[str]:
    if not data.data_categories:
        return consent.data_categories
    categories = [c.value for c in data.data_categories]
    if not set(categories) <= set(consent.data_categories):
        raise invalid(
            "data_categories", "can only remove categories; a wider scope needs a new consent"
        )
    return categories


def _narrowed_recipients(consent: Consent, data: ConsentUpdate) -> list[str]:
    if not data.recipients:
        return consent.recipients
    if not set(data.recipients) <= set(consent.recipients):
        raise invalid("recipients", "can only remove recipients; a wider scope needs a new consent")
    return data.recipients


def _narrowed_end(consent: Consent, data: ConsentUpdate, now: datetime) -> datetime | None:
    if "valid_until" not in data.model_fields_set:
        return consent.valid_until
    until = as_utc(data.valid_until) if data.valid_until else None
    if until is None and consent.valid_until is not None:
        raise invalid("valid_until", "cannot remove the end; a longer consent needs a new consent")
    if until is not None and consent.valid_until is not None and until > consent.valid_until:
        raise invalid(
            "valid_until", "can only be moved earlier; a longer consent needs a new consent"
        )
    if until is not None and until <= max(now, consent.valid_from):
        raise invalid(
            "valid_until", "must be in the future and after valid_from; withdraw to end it now"
        )
    return until


async def expire_due_consents(*, uow: UnitOfWork, now: datetime, limit: int) -> int:
    """Mark ended consents expired and publish ConsentExpired for each, exactly once across processes."""
    rows = await repository.expire_due(uow.session, now=now, limit=limit)
    for row in rows:
        uow.stage(consent_event(ConsentExpired, row, expired_at=now), key=str(row.subject_id))
    await uow.commit()
    return len(rows)


async def list_consents(
    *,
    session: AsyncSession,
    limit: int,
    cursor: str | None = None,
    subject_id: UUID | None = None,
    status: ConsentStatus | None = None,
    modified_after: datetime | None = None,
    scope: AccessScope | None = None,
) -> ConsentPage:
    """Return one page of the consents in the caller's scope, in change order, with the next cursor."""
    now = utcnow()
    params = page_request(modified_after=modified_after, cursor=cursor, limit=limit)
    rows = await repository.list_consents(
        session, now=now, page=params, subject_id=subject_id, status=status, scope=scope
    )
    page, next_cursor = cut_page(rows, params)
    return ConsentPage(items=[ConsentRead.of(c, now) for c in page], next_cursor=next_cursor)
