"""Queries of consents and their grant rows. Nothing here commits; use cases own the transaction."""

from datetime import datetime
from typing import Any, cast
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Row,
    Select,
    and_,
    delete,
    exists,
    false,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select as select_entity
from sqlmodel.ext.asyncio.session import AsyncSession

from consent.codes import ConsentStatus
from consent.models import Consent, consents, grants, subjects
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.paging import PageParams, apply_page

ACTIVE = ConsentStatus.active.value


async def get_consent(
    session: AsyncSession, consent_id: UUID, *, refresh: bool = False
) -> Consent | None:
    """Return a consent by id (re-read from the database when `refresh`)."""
    return await session.get(Consent, consent_id, populate_existing=refresh)


def _status_filter(status: ConsentStatus, now: datetime) -> ColumnElement[bool]:
    # A consent past its end is expired even in the moments before the sweep marks it.
    ended = and_(consents.c.valid_until.is_not(None), consents.c.valid_until <= now)
    if status == ConsentStatus.active:
        return and_(consents.c.status == ACTIVE, ~ended)
    if status == ConsentStatus.expired:
        return or_(
            consents.c.status == ConsentStatus.expired.value,
            and_(consents.c.status == ACTIVE, ended),
        )
    return consents.c.status == status.value


async def list_consents(
    session: AsyncSession,
    *,
    now: datetime,
    page: PageParams,
    subject_id: UUID | None = None,
    status: ConsentStatus | None = None,
    scope: AccessScope | None = None,
) -> list[Consent]:
    """Return one page of consents (and one more row) in (modified_at, id) order after the cursor."""
    query = select_entity(Consent)
    if scope is not None:
        query = query.where(consents.c.subject_id.in_(_visible_subjects(scope)))
    if subject_id is not None:
        query = query.where(consents.c.subject_id == subject_id)
    if status is not None:
        query = query.where(_status_filter(status, now))
    return list((await session.exec(apply_page(query, Consent, page))).all())


def _visible_subjects(scope: AccessScope) -> Select:
    """Subjects whose area the scope reaches. Consent knows a client's area (from ClientRegistered)
    but neither who registered the client nor its services and referrals: those parts of a scope
    reach nothing here (consent lists are for the client's region and municipality)."""
    parts = []
    if scope.regions:
        parts.append(subjects.c.region.in_(scope.regions))
    if scope.municipalities:
        parts.append(subjects.c.municipality.in_(scope.municipalities))
    return select(subjects.c.id).where(or_(*parts) if parts else false())


async def add_grants(session: AsyncSession, consent: Consent) -> None:
    """Write the (category, recipient) rows a decision looks up for a consent."""
    rows = [
        {
            "consent_id": consent.id,
            "data_category": c,
            "recipient": r,
            "subject_id": consent.subject_id,
            "purpose": consent.purpose,
        }
        for c in consent.data_categories
        for r in consent.recipients
    ]
    await session.execute(insert(grants), rows)


async def replace_grants(session: AsyncSession, consent: Consent) -> None:
    """Rewrite a consent's grant rows after its scope changed."""
    await session.execute(delete(grants).where(grants.c.consent_id == consent.id))
    await add_grants(session, consent)


async def withdraw_if_active(
    session: AsyncSession,
    consent_id: UUID,
    *,
    now: datetime,
    reason: str,
    organisation_id: UUID,
    user_id: str | None,
) -> bool:
    """Mark an active, unexpired consent withdrawn; False when it was not (a concurrent call lost)."""
    result = await session.execute(
        update(consents)
        .where(consents.c.id == consent_id, consents.c.status == ACTIVE)
        .where(or_(consents.c.valid_until.is_(None), consents.c.valid_until > now))
        .values(
            status=ConsentStatus.withdrawn.value,
            withdrawn_at=now,
            withdrawal_reason=reason,
            withdrawn_by_organisation=organisation_id,
            withdrawn_by_user=user_id,
            modified_at=now,
        )
    )
    return cast("CursorResult[Any]", result).rowcount == 1


async def any_due(engine: AsyncEngine, now: datetime) -> bool:
    """Return True when some active consent has reached its end (a cheap read before a write)."""
    async with engine.connect() as conn:
        due = exists().where(consents.c.status == ACTIVE, consents.c.valid_until <= now)
        return bool(await conn.scalar(select(due)))


async def expire_due(session: AsyncSession, *, now: datetime, limit: int) -> list[Row]:
    """Mark up to `limit` ended active consents expired and return them.

    The WHERE repeats the condition, so a row another process expired first is not returned twice.
    """
    due = (
        select(consents.c.id)
        .where(consents.c.status == ACTIVE, consents.c.valid_until <= now)
        .order_by(consents.c.valid_until)
        .limit(limit)
    )
    result = await session.execute(
        update(consents)
        .where(consents.c.id.in_(due), consents.c.status == ACTIVE, consents.c.valid_until <= now)
        .values(status=ConsentStatus.expired.value, expired_at=now, modified_at=now)
        .returning(*consents.c)
    )
    return list(result.all())
