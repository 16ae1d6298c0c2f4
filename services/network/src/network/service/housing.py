"""Housing network use cases: set up and change a network, assign its area coordinator.

Events are keyed by the network, so a network's coordinator changes and memberships reach
every consumer in order (the plans service follows residents and coordinators from them).
"""

from datetime import timedelta
from typing import Any
from uuid import UUID

from network.models_housing import CoordinatorTerm, HousingNetwork
from network.repository import housing as repo
from network.schemas.housing import CoordinatorAssign, NetworkCreate, NetworkUpdate
from network.service.common import stage, touch
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.contracts.housing import (
    CoordinatorAssigned,
    HousingNetworkChanged,
    HousingNetworkCreated,
)
from tukiverkko_common.problems import invalid
from tukiverkko_common.uow import UnitOfWork


def check_area(region: str, municipality: str, districts: list[str]) -> None:
    """Refuse codes not on the list: the municipality in the region, the districts in the municipality."""
    codes = area_codes()
    if region not in codes.regions:
        raise invalid("region", "is not a wellbeing region code")
    if codes.region_of(municipality) != region:
        raise invalid("municipality", f"is not a municipality code of region {region}")
    for district in districts:
        if not codes.is_district_of(municipality, district):
            raise invalid("districts", f"{district} is not a district code of {municipality}")


async def create_network(
    *, uow: UnitOfWork, data: NetworkCreate, organisation: UUID
) -> HousingNetwork:
    """Set up a housing network owned by the caller's organisation."""
    check_area(data.region, data.municipality, data.districts)
    network = HousingNetwork(
        **data.model_dump(exclude={"producer_organisation_ids"}),
        producer_organisation_ids=[str(o) for o in dict.fromkeys(data.producer_organisation_ids)],
        owner_organisation_id=organisation,
    )
    uow.session.add(network)
    stage(
        uow,
        HousingNetworkCreated(
            network_id=network.id,
            region=network.region,
            municipality=network.municipality,
            districts=network.districts,
            producer_organisation_ids=[UUID(o) for o in network.producer_organisation_ids],
            owner_organisation_id=organisation,
            created_at=network.created_at,
        ),
        network.id,
    )
    await uow.commit()
    return network


async def change_network(
    *, uow: UnitOfWork, network: HousingNetwork, data: NetworkUpdate
) -> HousingNetwork:
    """Change the name, districts or producers; publish when the area or producers changed."""
    updates: dict[str, Any] = data.model_dump(exclude_unset=True, exclude_none=True)
    if "producer_organisation_ids" in updates:
        updates["producer_organisation_ids"] = [
            str(o) for o in dict.fromkeys(data.producer_organisation_ids)
        ]
    check_area(network.region, network.municipality, updates.get("districts", network.districts))
    changed = [k for k, v in updates.items() if getattr(network, k) != v]
    for name in changed:
        setattr(network, name, updates[name])
    if changed:
        touch(network)
        stage(
            uow,
            HousingNetworkChanged(
                network_id=network.id,
                region=network.region,
                municipality=network.municipality,
                districts=network.districts,
                producer_organisation_ids=[UUID(o) for o in network.producer_organisation_ids],
                changed_fields=changed,
                changed_at=network.modified_at,
            ),
            network.id,
        )
    await uow.commit()
    return network


async def assign_coordinator(
    *, uow: UnitOfWork, network: HousingNetwork, data: CoordinatorAssign
) -> CoordinatorTerm:
    """Give the role from a date; the previous holder's term ends the day before."""
    terms = await repo.coordinator_terms(uow.session, network.id)
    current = terms[-1] if terms else None
    if current is not None and data.from_on <= current.from_on:
        raise invalid("from_on", f"must be after the current term's start {current.from_on}")
    if current is not None:
        current.to_on = data.from_on - timedelta(days=1)
        touch(current)
    term = CoordinatorTerm(network_id=network.id, **data.model_dump())
    uow.session.add(term)
    network.coordinator_worker_id = data.worker_id
    network.coordinator_organisation_id = data.organisation_id
    touch(network)
    stage(
        uow,
        CoordinatorAssigned(
            network_id=network.id,
            assignment_id=term.id,
            worker_id=term.worker_id,
            organisation_id=term.organisation_id,
            from_on=term.from_on,
            previous_worker_id=current.worker_id if current else None,
        ),
        network.id,
    )
    await uow.commit()
    return term
