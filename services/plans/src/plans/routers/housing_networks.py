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
from tukiverkko_common.problems import not_found

router = APIRouter(prefix="/api/v1", tags=["realisation"])


async def known_network(network_id: UUID, session: SessionDep) -> UUID:
    """Return the id of a network some event has told about, else 404."""
    if not await repo.network_known(session, network_id):
        raise not_found("housing network", str(network_id))
    return network_id


@router.get(
    "/housing-networks/{network_id}/shortfalls",
    response_model=ShortfallList,
    summary="Clients living in the housing network whose delivered support falls short",
)
async def network_shortfalls(
    network_id: UUID, month: MonthQuery, session: SessionDep, settings: SettingsDep
) -> ShortfallList:
    await known_network(network_id, session)
    return await coordinator_shortfalls(
        session=session, settings=settings, month=Month.parse(month), network_id=network_id
    )


@router.get(
    "/housing-networks/{network_id}/coordinators",
    response_model=list[CoordinatorTermRead],
    summary="Who held the network's area coordinator role when (as the plans service learnt it)",
)
async def network_coordinators(network_id: UUID, session: SessionDep) -> Any:
    await known_network(network_id, session)
    return await repo.coordinator_history(session, network_id)
