"""The object kinds consent owns, answered for the gateway's access checks.

A consent is about its subject (the client). Consent does not keep who registered the
client, so it answers the client only, and the gateway takes the client's area and
registering organisation from the client's own kind.
"""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from consent.models import consents
from tukiverkko_common.ownership import OwnershipRead, Resolver


async def consent_owner(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
    """Return the consent's subject as its client."""
    query = select(consents.c.subject_id).where(consents.c.id == ident)
    subject = (await (await session.connection()).execute(query)).scalar_one_or_none()
    if subject is None:
        return None
    return OwnershipRead(kind="consent", id=ident, client_id=subject)


KINDS: dict[str, Resolver] = {"consent": consent_owner}
"""Ownership kind → resolver (session, id) → ownership or None."""
