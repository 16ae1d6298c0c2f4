"""Whose object is this: the client and the receiving/provider organisation, for the gateway."""

from typing import Any
from uuid import UUID

from sqlalchemy import literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from plans.models import AgreedService, Client, Goal, Observation, Phase, Plan, Referral, Task, Visit

KINDS: dict[str, Any] = {
    "client": Client, "plan": Plan, "goal": Goal, "service": AgreedService, "visit": Visit,
    "referral": Referral, "observation": Observation, "task": Task, "phase": Phase,
}


def _query(kind: str, ident: UUID) -> Any:
    if kind == "client":
        return select(Client.id, literal(None)).where(Client.id == ident)
    if kind == "service":
        return select(AgreedService.client_id, AgreedService.provider_organisation_id).where(AgreedService.id == ident)
    if kind == "referral":
        return select(Referral.client_id, Referral.organisation_id).where(Referral.id == ident)
    if kind == "visit":
        return (
            select(Visit.client_id, AgreedService.provider_organisation_id)
            .outerjoin(AgreedService, AgreedService.id == Visit.service_id)
            .where(Visit.id == ident)
        )
    model = KINDS[kind]
    return select(model.client_id, literal(None)).where(model.id == ident)


async def owner(session: AsyncSession, kind: str, ident: UUID) -> tuple[UUID, UUID | None] | None:
    """Return (client_id, organisation_id) of an object, or None if there is no such object."""
    row = (await session.execute(_query(kind, ident))).first()
    return (row[0], row[1]) if row else None
