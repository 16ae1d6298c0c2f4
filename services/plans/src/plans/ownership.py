"""The object kinds plans owns, answered for the gateway's access checks.

Every kind here is about one client; the answer carries the client's area (plans keeps
it) and, for referrals, services and visits, the organisation they are addressed to.
"""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from plans.repository.ownership import MODELS, client_owners, owner
from tukiverkko_common.ownership import BatchResolver, OwnershipRead, Resolver


def _resolver(kind: str) -> Resolver:
    async def resolve(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
        return await owner(session, kind, ident)

    return resolve


KINDS: dict[str, Resolver] = {kind: _resolver(kind) for kind in MODELS}
"""Ownership kind → resolver (session, id) → ownership or None."""
BATCHES: dict[str, BatchResolver] = {"client": client_owners}
"""Kinds answered for many ids at once: the clients of a list's page (the gateway's sync)."""
