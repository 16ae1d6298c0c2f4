"""Alter routes: the people and organisations in a person's network."""

from fastapi import APIRouter, Response
from sqlmodel import select

from network.deps import AlterR, AlterW, MapR, MapW, SettingsDep
from network.models import Alter
from network.repository.common import page
from network.routers.common import problems
from network.schemas.alters import AlterCreate, AlterRead, AlterUpdate
from network.schemas.common import Page
from network.service import alters as service
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["alters"])


@router.post(
    "/maps/{map_id}/alters",
    status_code=201,
    response_model=AlterRead,
    responses=problems(404, 409, 422),
    summary="Add someone to the map",
)
async def add_alter(
    network_map: MapW, body: AlterCreate, uow: UowDep, settings: SettingsDep
) -> AlterRead:
    alter = await service.add_alter(uow=uow, network_map=network_map, data=body, settings=settings)
    return AlterRead.model_validate(alter)


@router.get(
    "/maps/{map_id}/alters",
    response_model=Page[AlterRead],
    responses=problems(404, 422),
    summary="A map's alters",
)
async def list_alters(network_map: MapR, session: SessionDep, params: PageDep) -> Page[AlterRead]:
    query = select(Alter).where(Alter.map_id == network_map.id)
    rows, cursor = await page(session, query, Alter, params)
    return Page(items=[AlterRead.model_validate(a) for a in rows], next_cursor=cursor)


@router.get(
    "/alters/{alter_id}", response_model=AlterRead, responses=problems(404), summary="Read an alter"
)
async def read_alter(alter: AlterR) -> AlterRead:
    return AlterRead.model_validate(alter)


@router.patch(
    "/alters/{alter_id}",
    response_model=AlterRead,
    responses=problems(404, 422),
    summary="Change an alter",
)
async def change_alter(alter: AlterW, body: AlterUpdate, uow: UowDep) -> AlterRead:
    return AlterRead.model_validate(await service.change_alter(uow=uow, alter=alter, data=body))


@router.delete(
    "/alters/{alter_id}",
    status_code=204,
    responses=problems(404),
    summary="Remove an alter and its ties",
)
async def remove_alter(alter: AlterW, uow: UowDep) -> Response:
    await service.remove_alter(uow=uow, alter=alter)
    return Response(status_code=204)
