"""Snapshot use cases: keep a dated copy of a map; read the states two comparisons need."""

from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from network.models import Alter, NetworkMap, Snapshot, Tie
from network.schemas.snapshots import SnapshotCreate
from network.service.common import stage
from network.service.personal import MapGraph
from tukiverkko_common.contracts.network import NetworkSnapshotTaken
from tukiverkko_common.problems import invalid
from tukiverkko_common.uow import UnitOfWork

HELSINKI = ZoneInfo("Europe/Helsinki")
CURRENT = "current"


async def current_state(session: AsyncSession, map_id: UUID) -> MapGraph:
    """Return the map's alters and ties now, as plain JSON-ready dicts."""
    alters = (
        await session.exec(select(Alter).where(Alter.map_id == map_id).order_by(col(Alter.id)))
    ).all()
    ties = (await session.exec(select(Tie).where(Tie.map_id == map_id).order_by(col(Tie.id)))).all()
    return MapGraph(
        alters=[a.model_dump(mode="json") for a in alters],
        ties=[t.model_dump(mode="json") for t in ties],
    )


async def take_snapshot(
    *, uow: UnitOfWork, network_map: NetworkMap, data: SnapshotCreate, organisation: UUID
) -> Snapshot:
    """Keep the map as it is now."""
    state = await current_state(uow.session, network_map.id)
    snapshot = Snapshot(
        map_id=network_map.id,
        client_id=network_map.client_id,
        label=data.label,
        taken_on=data.taken_on or datetime.now(HELSINKI).date(),
        taken_by_organisation=organisation,
        alters=state.alters,
        ties=state.ties,
    )
    uow.session.add(snapshot)
    event = NetworkSnapshotTaken(
        client_id=network_map.client_id,
        map_id=network_map.id,
        snapshot_id=snapshot.id,
        taken_on=snapshot.taken_on,
        alter_count=len(state.alters),
        tie_count=len(state.ties),
    )
    stage(uow, event, network_map.client_id)
    await uow.commit()
    return snapshot


def state_of(snapshot: Snapshot) -> MapGraph:
    """Return a snapshot's content as a map state."""
    return MapGraph(alters=list(snapshot.alters), ties=list(snapshot.ties))


async def state_for_comparison(
    session: AsyncSession, network_map: NetworkMap, ident: str, field: str
) -> MapGraph:
    """Return a snapshot of this map (or `current`); another map's snapshot is a 422 naming `field`."""
    if ident == CURRENT:
        return await current_state(session, network_map.id)
    try:
        snapshot_id = UUID(ident)
    except ValueError:
        raise invalid(field, "is a snapshot id or `current`") from None
    found = await session.get(Snapshot, snapshot_id)
    if found is None or found.map_id != network_map.id:
        raise invalid(field, f"is not a snapshot of map {network_map.id}")
    return state_of(found)


async def first_snapshot(session: AsyncSession, network_map: NetworkMap) -> str:
    """Return the id of the map's earliest snapshot; a map without one is a 422 naming `before`."""
    query = select(Snapshot.id).where(Snapshot.map_id == network_map.id)
    found = (await session.exec(query.order_by(col(Snapshot.taken_on), col(Snapshot.id)))).first()
    if found is None:
        raise invalid("before", "the map has no snapshot yet; take one first")
    return str(found)
