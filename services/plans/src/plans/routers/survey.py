"""The regional survey route: aggregates for the region's housing strategy."""

from typing import Annotated

from fastapi import APIRouter, Query

from plans.deps import SettingsDep
from plans.repository.realisation import Month
from plans.routers.realisation import MonthQuery
from plans.schemas.survey import Survey
from plans.service.survey import regional_survey
from tukiverkko_common.app import SessionDep
from tukiverkko_common.ownership import ScopeDep
from tukiverkko_common.problems import invalid

router = APIRouter(prefix="/api/v1", tags=["realisation"])


@router.get(
    "/survey",
    response_model=Survey,
    summary="The regional survey: clients by area, phase, life area, service; planned vs delivered hours",
)
async def survey(
    month: MonthQuery,
    session: SessionDep,
    settings: SettingsDep,
    scope: ScopeDep,
    region: Annotated[str | None, Query(max_length=50)] = None,
) -> Survey:
    if scope is not None:  # through the gateway: the caller's own region, nothing else
        if region is not None and region not in scope.regions:
            raise invalid("region", "must be the caller's own region")
        region = region or next(iter(scope.regions), "")  # no region: matches no client
    if region is None:
        raise invalid("region", "is required")
    return await regional_survey(
        session=session, settings=settings, region=region, month=Month.parse(month)
    )
