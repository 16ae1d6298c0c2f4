"""Tie routes: the person's ties and ties between alters."""

from fastapi import APIRouter, Response
from sqlmodel import select

from network.deps import MapR, MapW, TieR, TieW
from network.models import Tie
from network.repository.common import page
from network.routers.common import problems
from network.schemas.common import Page
from network.schemas.ties import TieCreate, TieRead, TieUpdate
from network.service import ties as service
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["ties"])


@router.post(
    "/maps/{map_id}/ties",
    status_code=201,
    response_model=TieRead,
    responses=problems(404, 409, 422),
    summary="Add a tie",
)
async def add_tie(network_map: MapW, body: TieCreate, uow: UowDep) -> TieRead:
    return TieRead.model_validate(
        await service.add_tie(uow=uow, network_map=network_map, data=body)
    )


@router.get(
    "/maps/{map_id}/ties",
    response_model=Page[TieRead],
    responses=problems(404, 422),
    summary="A map's ties",
)
async def list_ties(network_map: MapR, session: SessionDep, params: PageDep) -> Page[TieRead]:
    query = select(Tie).where(Tie.map_id == network_map.id)
    rows, cursor = await page(session, query, Tie, params)
    return Page(items=[TieRead.model_validate(t) for t in rows], next_cursor=cursor)


@router.get("/ties/{tie_id}", response_model=TieRead, responses=problems(404), summary="Read a tie")
async def read_tie(tie: TieR) -> TieRead:
    return TieRead.model_validate(tie)


@router.patch(
    "/ties/{tie_id}", response_model=TieRead, responses=problems(404, 422), summary="Change a tie"
)
async def change_tie(tie: TieW, body: TieUpdate, uow: UowDep) -> TieRead:
    return TieRead.model_validate(await service.change_tie(uow=uow, tie=tie, data=body))


@router.delete("/ties/{tie_id}", status_code=204, responses=problems(404), summary="Remove a tie")
async def remove_tie(tie: TieW, uow: UowDep) -> Response:
    await service.remove_tie(uow=uow, tie=tie)
    return Response(status_code=204)
