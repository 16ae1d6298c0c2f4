"""Districts, their resource finders and key persons, networks and field notes."""

from typing import Annotated

from fastapi import APIRouter, Query

from resources.routers.common import problems
from resources.schemas.common import Region
from resources.schemas.districts import (
    DistrictAssignment,
    DistrictRead,
    NetworkCreate,
    NetworkRead,
    NoteCreate,
    NoteRead,
)
from resources.service import districts
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.ownership import ScopeDep

router = APIRouter(prefix="/api/v1", tags=["districts"], responses=problems(401, 422))


@router.get(
    "/districts", summary="The region's districts with finders, key persons, networks, notes"
)
async def list_districts(
    session: SessionDep, scope: ScopeDep, region: Annotated[Region | None, Query()] = None
) -> list[DistrictRead]:
    return await districts.list_districts(session=session, scope=scope, region=region)


@router.post(
    "/district-assignments",
    summary="Set a district's resource finders and key persons",
)
async def assign(body: DistrictAssignment, uow: UowDep) -> list[DistrictRead]:
    await districts.assign(uow=uow, data=body)
    return await districts.list_districts(session=uow.session, scope=None, region=body.region)


@router.post("/district-networks", status_code=201, summary="Record a network of a district")
async def add_network(body: NetworkCreate, uow: UowDep) -> NetworkRead:
    network = await districts.add_network(uow=uow, data=body)
    return NetworkRead.model_validate(network, from_attributes=True)


@router.post(
    "/district-notes", status_code=201, summary="Write a dated field note about a district"
)
async def add_note(body: NoteCreate, uow: UowDep) -> NoteRead:
    note = await districts.add_note(uow=uow, data=body)
    return NoteRead.model_validate(note, from_attributes=True)
