"""Map use cases: start a map, move it to another district, delete it with all it holds."""

from typing import Any
from uuid import UUID

from sqlalchemy import delete

from network.models import Alter, AlterReference, NetworkMap, Snapshot, Tie
from network.schemas.maps import MapCreate, MapUpdate
from network.service.common import map_changed
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.problems import invalid
from tukiverkko_common.uow import UnitOfWork


def check_area(region: str, district: str | None) -> None:
    """Refuse a region or district not on the code list (422 naming the field)."""
    codes = area_codes()
    if region not in codes.regions:
        raise invalid("region", "is not a wellbeing region code")
    if district is None:
        return
    in_region = [m for m in codes.municipalities.values() if m.region == region]
    if not any(district in m.districts for m in in_region):
        raise invalid("district", f"is not a district code of region {region}")


async def create_map(*, uow: UnitOfWork, data: MapCreate, organisation: UUID) -> NetworkMap:
    """Start a personal network map of a client."""
    check_area(data.region, data.district)
    network_map = NetworkMap(**data.model_dump(), created_by_organisation=organisation)
    uow.session.add(network_map)
    await map_changed(uow, network_map, "map_created")
    await uow.commit()
    return network_map


async def change_map(*, uow: UnitOfWork, network_map: NetworkMap, data: MapUpdate) -> NetworkMap:
    """Move a map to another district of its region (or to none)."""
    updates = data.model_dump(exclude_unset=True)
    if "district" in updates and updates["district"] != network_map.district:
        check_area(network_map.region, updates["district"])
        network_map.district = updates["district"]
        await map_changed(uow, network_map, "map_changed")
    await uow.commit()
    return network_map


async def delete_map(*, uow: UnitOfWork, network_map: NetworkMap) -> None:
    """Delete a map, its alters, ties, snapshots and references."""
    await map_changed(uow, network_map, "map_deleted")
    for model in (Tie, Snapshot, AlterReference, Alter):
        table: Any = model.__table__  # type: ignore[union-attr]
        await uow.session.execute(delete(table).where(table.c.map_id == network_map.id))
    await uow.session.delete(network_map)
    await uow.commit()
