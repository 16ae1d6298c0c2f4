"""Whose object is this: the client, the receiving/provider organisation, and the client's owner."""

from typing import Any
from uuid import UUID

from sqlalchemy import literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from plans.models import (
    AgreedService,
    Client,
    Goal,
    Observation,
    Phase,
    Plan,
    Referral,
    Task,
    Visit,
)

KINDS: dict[str, Any] = {
    "client": Client,
    "plan": Plan,
    "goal": Goal,
    "service": AgreedService,
    "visit": Visit,
    "referral": Referral,
    "observation": Observation,
    "task": Task,
    "phase": Phase,
}


def _query(kind: str, ident: UUID) -> Any:
    if kind == "client":
        return select(col(Client.id), literal(None), col(Client.created_by_org)).where(
            col(Client.id) == ident
        )
    model = KINDS[kind]
    organisation: Any = literal(None)
    if kind == "service":
        organisation = AgreedService.provider_organisation_id
    elif kind == "referral":
        organisation = Referral.organisation_id
    query = select(model.client_id, organisation, col(Client.created_by_org)).join(
        Client, Client.id == model.client_id
    )
    if kind == "visit":
        query = (
            select(
                model.client_id,
                col(AgreedService.provider_organisation_id),
                col(Client.created_by_org),
            )
            .join(Client, col(Client.id) == Visit.client_id)
            .outerjoin(AgreedService, col(AgreedService.id) == Visit.service_id)
        )
    return query.where(model.id == ident)


async def owner(
    session: AsyncSession, kind: str, ident: UUID
) -> tuple[UUID, UUID | None, str | None] | None:
    """Return (client_id, receiving/provider organisation, client's owner organisation), or None."""
    row = (await (await session.connection()).execute(_query(kind, ident))).first()
    return (row[0], row[1], row[2]) if row else None
