"""The object kinds consent owns, answered for the gateway's access checks.

A consent is about its subject. A subject learnt from plans is a client: consent answers
the client only, and the gateway takes the client's area and registering organisation from
the client's own kind. A subject registered here (a person of the resource file, not a
client) belongs to the organisation that registered it, in the region it named: consent
answers it as an organisation's object with the person as `subject_id`.
"""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from consent.models import consents, subjects
from tukiverkko_common.ownership import OwnershipRead, Resolver


async def _subject_owner(
    session: AsyncSession, kind: str, ident: UUID, subject_id: UUID
) -> OwnershipRead | None:
    query = select(
        subjects.c.origin, subjects.c.region, subjects.c.registered_by_organisation
    ).where(subjects.c.id == subject_id)
    row = (await (await session.connection()).execute(query)).one_or_none()
    if row is None:
        return None
    if row.origin == "plans":
        return OwnershipRead(kind=kind, id=ident, client_id=subject_id)
    registered_by = row.registered_by_organisation
    return OwnershipRead(
        kind=kind,
        id=ident,
        subject_id=subject_id,
        region=row.region,
        owner_organisation_id=str(registered_by) if registered_by else None,
    )


async def consent_owner(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
    """Return the consent's subject: a client, or a registered person."""
    query = select(consents.c.subject_id).where(consents.c.id == ident)
    subject = (await (await session.connection()).execute(query)).scalar_one_or_none()
    return None if subject is None else await _subject_owner(session, "consent", ident, subject)


async def subject_owner(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
    """Return the subject itself: a client, or a registered person."""
    return await _subject_owner(session, "subject", ident, ident)


KINDS: dict[str, Resolver] = {"consent": consent_owner, "subject": subject_owner}
"""Ownership kind → resolver (session, id) → ownership or None."""
