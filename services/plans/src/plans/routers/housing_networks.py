"""Housing networks as the plans service knows them from events: a network's shortfalls and coordinators."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter

from plans.deps import SettingsDep
from plans.repository import housing_networks as repo
from plans.repository.realisation import Month
from plans.routers.realisation import MonthQuery
from plans.schemas.realisation import CoordinatorTermRead, ShortfallList
from plans.service.realisation_views import coordinator_shortfalls
from tukiverkko_common.app import SessionDep

router = APIRouter(prefix="/api/v1", tags=["realisation"])


@router.get(
    "/housing-networks/{network_id}/shortfalls",
    response_model=ShortfallList,
    summary="Clients living in the housing network whose delivered support falls short",
)
async def network_shortfalls(
    network_id: UUID, month: MonthQuery, session: SessionDep, settings: SettingsDep
) -> ShortfallList:
    # The gateway has checked the network exists and the caller manages it; a network no event
    # has told about yet simply has no residents here.
    return await coordinator_shortfalls(
        session=session, settings=settings, month=Month.parse(month), network_id=network_id
    )


@router.get(
    "/housing-networks/{network_id}/coordinators",
    response_model=list[CoordinatorTermRead],
    summary="Who held the network's area coordinator role when (as the plans service learnt it)",
)
async def network_coordinators(network_id: UUID, session: SessionDep) -> Any:
    return await repo.coordinator_history(session, network_id)
