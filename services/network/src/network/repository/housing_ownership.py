"""Ownership of the housing objects, answered for the gateway's access checks.

A housing network and what hangs on it (apartments, partners, activities, sessions) belong
to organisations, not to a client: the network's region, its owner organisation, and the
organisations taking part (its producers and its area coordinator's organisation), so the
region's organiser, the producers and the coordinator's organisation manage them. A
residency is about its client and answers the client, so the client rules apply.
"""

from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from network.models_housing import (
    ActivitySession,
    Apartment,
    CommunityActivity,
    HousingNetwork,
    Partner,
    Residency,
)
from tukiverkko_common.ownership import OwnershipRead, Resolver


def network_ownership(kind: str, ident: UUID, network: HousingNetwork) -> OwnershipRead:
    """Return an organisation object's ownership from its network."""
    taking_part = [UUID(o) for o in network.producer_organisation_ids]
    if network.coordinator_organisation_id is not None:
        taking_part.append(network.coordinator_organisation_id)
    return OwnershipRead(
        kind=kind,
        id=ident,
        region=network.region,
        owner_organisation_id=str(network.owner_organisation_id),
        organisation_ids=list(dict.fromkeys(taking_part)),
    )


def _via_network(kind: str, model: Any) -> Resolver:
    async def resolve(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
        row = await session.get(model, ident)
        network_id = getattr(row, "network_id", None) if model is not HousingNetwork else ident
        network = await session.get(HousingNetwork, network_id) if network_id else None
        return None if network is None else network_ownership(kind, ident, network)

    return resolve


async def _residency(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
    residency = await session.get(Residency, ident)
    if residency is None:
        return None
    return OwnershipRead(kind="residency", id=ident, client_id=residency.client_id)


HOUSING_KINDS: dict[str, Resolver] = {
    "housing_network": _via_network("housing_network", HousingNetwork),
    "apartment": _via_network("apartment", Apartment),
    "housing_partner": _via_network("housing_partner", Partner),
    "activity": _via_network("activity", CommunityActivity),
    "activity_session": _via_network("activity_session", ActivitySession),
    "residency": _residency,
}
"""Housing ownership kind → resolver; joined into `ownership.KINDS`."""
