"""Housing network queries: terms, residencies, partners, the caller's region; never commits."""

from typing import Any
from uuid import UUID

from sqlalchemy import String, cast
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from network.models_housing import CoordinatorTerm, HousingNetwork, Partner, Residency
from tukiverkko_common.ownership import AccessScope


async def coordinator_terms(session: AsyncSession, network_id: UUID) -> list[CoordinatorTerm]:
    """Return the network's coordinator terms, oldest first."""
    query = (
        select(CoordinatorTerm)
        .where(CoordinatorTerm.network_id == network_id)
        .order_by(col(CoordinatorTerm.from_on))
    )
    return list((await session.exec(query)).all())


async def residencies_of_client(session: AsyncSession, client_id: UUID) -> list[Residency]:
    """Return every residency of a client, in any network."""
    query = select(Residency).where(Residency.client_id == client_id)
    return list((await session.exec(query)).all())


async def resident_ids(session: AsyncSession, network_id: UUID) -> set[UUID]:
    """Return the clients who ever lived in the network."""
    query = select(Residency.client_id).where(Residency.network_id == network_id)
    return set((await session.exec(query)).all())


async def partners(session: AsyncSession, network_id: UUID) -> list[Partner]:
    """Return the network's partners, past ones included."""
    query = select(Partner).where(Partner.network_id == network_id)
    return list((await session.exec(query)).all())


def networks_query(scope: AccessScope | None) -> SelectOfScalar[HousingNetwork]:
    """Return the list query narrowed to the caller's scope (no scope part → nothing)."""
    query = select(HousingNetwork)
    if scope is None:  # an internal call, not through the gateway
        return query
    allowed: list[Any] = [col(HousingNetwork.region).in_(scope.regions)] if scope.regions else []
    if scope.related_to is not None:  # the owner, the coordinator's organisation, a producer
        org = scope.related_to
        allowed += [
            col(HousingNetwork.owner_organisation_id) == org,
            col(HousingNetwork.coordinator_organisation_id) == org,
            # A UUID's text has a fixed length, so finding it in the JSON list is an exact match.
            cast(col(HousingNetwork.producer_organisation_ids), String).contains(str(org)),
        ]
    if not allowed:
        return query.where(col(HousingNetwork.id).is_(None))
    return query.where(or_(*allowed))
