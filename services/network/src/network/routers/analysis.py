"""Analysis routes: a personal map's metrics, a district's network."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from network.deps import MapR, RenderSlot, SettingsDep
from network.routers.common import problems
from network.schemas.analysis import DistrictAnalysisRead, PersonalAnalysisRead
from network.service import district as service
from network.service.analysis import analyse_map
from network.service.maps import check_area
from tukiverkko_common.app import UowDep
from tukiverkko_common.ownership import ScopeDep
from tukiverkko_common.problems import conflict, not_found

router = APIRouter(prefix="/api/v1", tags=["analysis"])

DistrictPath = Annotated[
    str,
    Path(max_length=60, description="District code (area_codes.json)", examples=["kuusankoski"]),
]
RegionQuery = Annotated[
    str, Query(max_length=50, description="Wellbeing region code", examples=["kymenlaakso"])
]


@router.get(
    "/maps/{map_id}/analysis",
    response_model=PersonalAnalysisRead,
    responses=problems(404),
    summary="Metrics of a personal map",
)
async def analyse_personal_map(network_map: MapR, uow: UowDep) -> PersonalAnalysisRead:
    return PersonalAnalysisRead.model_validate(await analyse_map(uow=uow, network_map=network_map))


@router.get(
    "/districts/{district}/analysis",
    response_model=DistrictAnalysisRead,
    responses=problems(404, 409, 422),
    summary="Key persons, bottlenecks, isolates and communities of a district's network",
    dependencies=[RenderSlot],
)
async def analyse_district(
    district: DistrictPath,
    region: RegionQuery,
    uow: UowDep,
    settings: SettingsDep,
    scope: ScopeDep,
) -> DistrictAnalysisRead:
    check_area(region, district)
    if scope is not None and region not in scope.regions:
        raise not_found("district", district)  # another region's district: as if absent
    graph = await service.load_district(uow.session, region, district)
    if len(graph.ties) > settings.max_district_ties:
        raise conflict("district-too-large", f"more than {settings.max_district_ties} ties")
    result = await service.analyse_district(
        uow=uow, graph=graph, region=region, district=district, settings=settings
    )
    return DistrictAnalysisRead.model_validate(result)
