"""Whose object is this, and which clients a caller's scope reaches, in SQL."""

from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, exists, false, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from plans.codes import ACTIVE_REFERRAL_STATUSES
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
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.ownership import AccessScope, OwnershipRead

MODELS: dict[str, Any] = {
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
CLIENT_COLUMNS = (
    col(Client.id),
    col(Client.created_by_org),
    col(Client.region),
    col(Client.municipality),
)


def _query(kind: str, ident: UUID) -> Any:
    model = MODELS[kind]
    if kind == "client":
        return select(literal(None), *CLIENT_COLUMNS).where(col(Client.id) == ident)
    organisation: Any = literal(None)
    if kind == "service":
        organisation = AgreedService.provider_organisation_id
    elif kind == "referral":
        organisation = Referral.organisation_id
    query = (
        select(organisation, *CLIENT_COLUMNS)
        .select_from(model)
        .join(Client, col(Client.id) == model.client_id)
    )
    if kind == "visit":
        query = (
            select(col(AgreedService.provider_organisation_id), *CLIENT_COLUMNS)
            .select_from(Visit)
            .join(Client, col(Client.id) == Visit.client_id)
            .outerjoin(AgreedService, col(AgreedService.id) == Visit.service_id)
        )
    return query.where(model.id == ident)


async def owner(session: AsyncSession, kind: str, ident: UUID) -> OwnershipRead | None:
    """Return the object's client, its receiving/provider organisation and the client's area."""
    row = (await (await session.connection()).execute(_query(kind, ident))).first()
    if row is None:
        return None
    organisation, client_id, owner_organisation, region, municipality = row
    return OwnershipRead(
        kind=kind,
        id=ident,
        client_id=client_id,
        organisation_id=organisation,
        owner_organisation_id=owner_organisation,
        region=region,
        municipality=municipality,
    )


async def client_owners(session: AsyncSession, ids: list[UUID]) -> list[OwnershipRead]:
    """Return the ownership of each of these clients that exists, in one query."""
    query = select(*CLIENT_COLUMNS).where(col(Client.id).in_(ids))
    rows = (await (await session.connection()).execute(query)).all()
    return [
        OwnershipRead(
            kind="client",
            id=client_id,
            client_id=client_id,
            owner_organisation_id=owner_organisation,
            region=region,
            municipality=municipality,
        )
        for client_id, owner_organisation, region, municipality in rows
    ]


def _related(organisation_id: UUID) -> ColumnElement[bool]:
    """An active agreed service provided by, or an active referral to, the organisation."""
    today = helsinki_date(utcnow())
    service = (
        select(col(AgreedService.id))
        .join(Plan, col(Plan.id) == AgreedService.plan_id)
        .where(
            col(AgreedService.client_id) == col(Client.id),
            col(AgreedService.provider_organisation_id) == organisation_id,
            col(Plan.status) != "closed",
            col(AgreedService.valid_from) <= today,
            or_(
                col(AgreedService.valid_until).is_(None),
                col(AgreedService.valid_until) >= today,
            ),
        )
    )
    referral = select(col(Referral.id)).where(
        col(Referral.client_id) == col(Client.id),
        col(Referral.organisation_id) == organisation_id,
        col(Referral.status).in_(ACTIVE_REFERRAL_STATUSES),
    )
    return or_(exists(service), exists(referral))


def client_visible(scope: AccessScope) -> ColumnElement[bool]:
    """The condition on `Client` rows the scope reaches (nothing, for an empty scope)."""
    parts: list[ColumnElement[bool]] = []
    if scope.regions:
        parts.append(col(Client.region).in_(scope.regions))
    if scope.municipalities:
        parts.append(col(Client.municipality).in_(scope.municipalities))
    if scope.registered_by is not None:
        parts.append(col(Client.created_by_org) == scope.registered_by)
    if scope.related_to is not None:
        parts.append(_related(scope.related_to))
    return or_(*parts) if parts else false()


def scoped(query: Any, model: Any, scope: AccessScope | None) -> Any:
    """Narrow a list query of `model` rows (a client's rows, or clients) to the caller's scope."""
    if scope is None:
        return query
    if model is Client:
        return query.where(client_visible(scope))
    visible = select(col(Client.id)).where(client_visible(scope))
    return query.where(model.client_id.in_(visible))
