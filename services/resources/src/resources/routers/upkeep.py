"""Keeping the resource file current, and its statistics."""

from typing import Annotated

from fastapi import APIRouter, Query

from resources.deps import SettingsDep
from resources.routers.common import problems
from resources.schemas.common import WorkerId
from resources.schemas.stale import StaleCardRead, StatisticsRead
from resources.service.stale import stale_list
from resources.service.statistics import statistics
from tukiverkko_common.app import SessionDep
from tukiverkko_common.ownership import ScopeDep

router = APIRouter(prefix="/api/v1", tags=["upkeep"], responses=problems(401, 422))


@router.get(
    "/stale-cards",
    summary="Cards unchanged or uncontacted too long, for their responsible person",
)
async def list_stale(
    session: SessionDep,
    settings: SettingsDep,
    scope: ScopeDep,
    responsible: Annotated[WorkerId | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[StaleCardRead]:
    return await stale_list(
        session=session, settings=settings, scope=scope, responsible=responsible, limit=limit
    )


@router.get("/statistics", summary="Counts of cards by type, district and status")
async def get_statistics(session: SessionDep, scope: ScopeDep) -> StatisticsRead:
    return await statistics(session=session, scope=scope)
