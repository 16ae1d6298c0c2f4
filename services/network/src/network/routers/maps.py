"""Personal network map routes."""

from uuid import UUID

from fastapi import APIRouter, Response
from sqlmodel import select

from network.deps import MapR, MapW
from network.models import NetworkMap
from network.repository.common import page
from network.routers.common import problems
from network.schemas.common import Page
from network.schemas.maps import MapCreate, MapRead, MapUpdate
from network.service import maps as service
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["maps"])


@router.post(
    "/maps",
    status_code=201,
    response_model=MapRead,
    responses=problems(422),
    summary="Start a client's personal network map",
)
async def create_map(body: MapCreate, uow: UowDep, actor: ActorDep) -> MapRead:
    created = await service.create_map(uow=uow, data=body, organisation=actor.organisation_id)
    return MapRead.model_validate(created)


@router.get(
    "/clients/{client_id}/maps",
    response_model=Page[MapRead],
    responses=problems(422),
    summary="A client's network maps",
)
async def list_client_maps(client_id: UUID, session: SessionDep, params: PageDep) -> Page[MapRead]:
    query = select(NetworkMap).where(NetworkMap.client_id == client_id)
    rows, cursor = await page(session, query, NetworkMap, params)
    return Page(items=[MapRead.model_validate(m) for m in rows], next_cursor=cursor)


@router.get("/maps/{map_id}", response_model=MapRead, responses=problems(404), summary="Read a map")
async def read_map(network_map: MapR) -> MapRead:
    return MapRead.model_validate(network_map)


@router.patch(
    "/maps/{map_id}",
    response_model=MapRead,
    responses=problems(404, 422),
    summary="Move a map to another district",
)
async def change_map(network_map: MapW, body: MapUpdate, uow: UowDep) -> MapRead:
    changed = await service.change_map(uow=uow, network_map=network_map, data=body)
    return MapRead.model_validate(changed)


@router.delete(
    "/maps/{map_id}",
    status_code=204,
    responses=problems(404),
    summary="Delete a map with its alters, ties and snapshots",
)
async def delete_map(network_map: MapW, uow: UowDep) -> Response:
    await service.delete_map(uow=uow, network_map=network_map)
    return Response(status_code=204)
