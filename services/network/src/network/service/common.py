"""Helpers every use case shares: staging keyed events, marking rows changed, map counts."""

from typing import Any
from uuid import UUID

from sqlalchemy import func
from sqlmodel import select

from network.models import Alter, NetworkMap, Tie
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.network import NetworkMapChanged
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.uow import UnitOfWork


def stage(uow: UnitOfWork, event: EventData, key: UUID | str) -> CloudEvent:
    """Stage an event keyed by its client (or district), so its events stay in order."""
    return uow.stage(event, key=str(key), subject=str(key))


def touch(row: Any) -> None:
    """Mark a row changed now (incremental sync sees it)."""
    row.modified_at = utcnow()


async def counts(uow: UnitOfWork, map_id: UUID) -> tuple[int, int]:
    """Return how many alters and ties a map has now (pending changes included)."""
    await uow.session.flush()
    alters = await uow.session.exec(
        select(func.count()).select_from(Alter).where(Alter.map_id == map_id)
    )
    ties = await uow.session.exec(select(func.count()).select_from(Tie).where(Tie.map_id == map_id))
    return int(alters.one()), int(ties.one())


async def map_changed(uow: UnitOfWork, network_map: NetworkMap, change: str) -> None:
    """Touch the map and stage its change event with the counts after the change."""
    touch(network_map)
    uow.session.add(network_map)
    alters, ties = await counts(uow, network_map.id)
    stage(
        uow,
        NetworkMapChanged(
            client_id=network_map.client_id,
            map_id=network_map.id,
            change=change,
            alter_count=alters,
            tie_count=ties,
            district=network_map.district,
        ),
        network_map.client_id,
    )
