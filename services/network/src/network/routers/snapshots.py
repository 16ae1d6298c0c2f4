"""Snapshot and comparison routes."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import select

from network.deps import MapR, MapW, SnapshotR
from network.models import Snapshot
from network.repository.common import page
from network.routers.common import problems
from network.schemas.common import Page
from network.schemas.snapshots import ComparisonRead, SnapshotCreate, SnapshotRead, SnapshotSummary
from network.service import snapshots as service
from network.service.comparison import compare
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["snapshots"])


@router.post(
    "/maps/{map_id}/snapshots",
    status_code=201,
    response_model=SnapshotRead,
    responses=problems(404, 422),
    summary="Keep a dated, labelled copy of the map",
)
async def take_snapshot(
    network_map: MapW, body: SnapshotCreate, uow: UowDep, actor: ActorDep
) -> SnapshotRead:
    snapshot = await service.take_snapshot(
        uow=uow, network_map=network_map, data=body, organisation=actor.organisation_id
    )
    return SnapshotRead.model_validate(snapshot)


@router.get(
    "/maps/{map_id}/snapshots",
    response_model=Page[SnapshotSummary],
    responses=problems(404, 422),
    summary="A map's snapshots",
)
async def list_snapshots(
    network_map: MapR, session: SessionDep, params: PageDep
) -> Page[SnapshotSummary]:
    query = select(Snapshot).where(Snapshot.map_id == network_map.id)
    rows, cursor = await page(session, query, Snapshot, params)
    return Page(items=[SnapshotSummary.model_validate(s) for s in rows], next_cursor=cursor)


@router.get(
    "/snapshots/{snapshot_id}",
    response_model=SnapshotRead,
    responses=problems(404),
    summary="Read a snapshot",
)
async def read_snapshot(snapshot: SnapshotR) -> SnapshotRead:
    return SnapshotRead.model_validate(snapshot)


@router.get(
    "/maps/{map_id}/comparison",
    response_model=ComparisonRead,
    responses=problems(404, 422),
    summary="Compare two snapshots of a map, or a snapshot with the map now",
)
async def compare_states(
    network_map: MapR,
    session: SessionDep,
    before: Annotated[
        str | None,
        Query(max_length=40, description="Snapshot id; the map's first snapshot if left out"),
    ] = None,
    after: Annotated[
        str, Query(max_length=40, description="Snapshot id, or `current` for the map now")
    ] = service.CURRENT,
) -> ComparisonRead:
    before = before or await service.first_snapshot(session, network_map)
    old = await service.state_for_comparison(session, network_map, before, "before")
    new = await service.state_for_comparison(session, network_map, after, "after")
    return ComparisonRead.model_validate({"before": before, "after": after} | compare(old, new))
