"""Queries of subjects. Nothing here commits; use cases own the transaction."""

from uuid import UUID

from sqlmodel import select as select_entity
from sqlmodel.ext.asyncio.session import AsyncSession

from consent.models import Consent, Subject, consents


async def get_subject(session: AsyncSession, subject_id: UUID) -> Subject | None:
    """Return a subject by id."""
    return await session.get(Subject, subject_id)


async def subject_consents(session: AsyncSession, subject_id: UUID, *, limit: int) -> list[Consent]:
    """Return a subject's consents, newest first."""
    query = (
        select_entity(Consent)
        .where(consents.c.subject_id == subject_id)
        .order_by(consents.c.recorded_at.desc())
        .limit(limit)
    )
    return list((await session.exec(query)).all())
