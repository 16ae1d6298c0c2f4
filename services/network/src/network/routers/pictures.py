"""Picture routes: the eco-map of a map or a snapshot, the sociogram of a district (SVG or PNG)."""

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response

from network.deps import MapR, RenderSlot, SettingsDep, SnapshotR
from network.routers.analysis import DistrictPath, RegionQuery
from network.routers.common import problems
from network.schemas.common import Lang
from network.service import district as district_service
from network.service.ecomap import layout as ecomap_layout
from network.service.maps import check_area
from network.service.personal import MapGraph
from network.service.png import ecomap_png, sociogram_png
from network.service.snapshots import current_state, state_of
from network.service.sociogram import layout as sociogram_layout
from network.service.sociogram import sociogram_svg
from network.service.svg import ecomap_svg
from tukiverkko_common.app import SessionDep
from tukiverkko_common.ownership import ScopeDep
from tukiverkko_common.problems import not_found

router = APIRouter(prefix="/api/v1", tags=["pictures"])

SVG, PNG = "image/svg+xml", "image/png"
PICTURE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The picture, SVG unless PNG is asked for",
        "content": {
            SVG: {"schema": {"type": "string"}},
            PNG: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}
LangQuery = Annotated[Lang, Query(description="Language of the labels")]
FormatQuery = Annotated[
    Literal["svg", "png"] | None, Query(description="svg or png; else the Accept header decides")
]
AcceptHeader = Annotated[str | None, Header(include_in_schema=False)]


def _wants_png(format: str | None, accept: str | None) -> bool:
    if format is not None:
        return format == "png"
    return accept is not None and PNG in accept and SVG not in accept


async def _ecomap(state: MapGraph, lang: str, png: bool) -> Response:
    geometry = ecomap_layout(state, lang)
    if png:
        body, _ = await asyncio.to_thread(ecomap_png, geometry)
        return Response(body, media_type=PNG)
    return Response(ecomap_svg(geometry), media_type=SVG)


@router.get(
    "/maps/{map_id}/ecomap",
    response_class=Response,
    responses=PICTURE | problems(404, 422),
    summary="The map's eco-map (Hartman's notation)",
    dependencies=[RenderSlot],
)
async def map_ecomap(
    network_map: MapR,
    session: SessionDep,
    lang: LangQuery = "fi",
    format: FormatQuery = None,
    accept: AcceptHeader = None,
) -> Response:
    state = await current_state(session, network_map.id)
    return await _ecomap(state, lang, _wants_png(format, accept))


@router.get(
    "/snapshots/{snapshot_id}/ecomap",
    response_class=Response,
    responses=PICTURE | problems(404, 422),
    summary="A snapshot's eco-map",
    dependencies=[RenderSlot],
)
async def snapshot_ecomap(
    snapshot: SnapshotR,
    lang: LangQuery = "fi",
    format: FormatQuery = None,
    accept: AcceptHeader = None,
) -> Response:
    return await _ecomap(state_of(snapshot), lang, _wants_png(format, accept))


@router.get(
    "/districts/{district}/sociogram",
    response_class=Response,
    responses=PICTURE | problems(404, 422),
    summary="The district's sociogram: node size by betweenness, bottlenecks marked",
    dependencies=[RenderSlot],
)
async def district_sociogram(
    district: DistrictPath,
    region: RegionQuery,
    session: SessionDep,
    settings: SettingsDep,
    scope: ScopeDep,
    lang: LangQuery = "fi",
    format: FormatQuery = None,
    accept: AcceptHeader = None,
) -> Response:
    check_area(region, district)
    if scope is not None and region not in scope.regions:
        raise not_found("district", district)  # another region's district: as if absent
    graph = await district_service.load_district(session, region, district)
    options = district_service.options_of(settings)
    geometry = await asyncio.to_thread(
        sociogram_layout, graph, options, lang, settings.sociogram_max_nodes
    )
    if _wants_png(format, accept):
        return Response(await asyncio.to_thread(sociogram_png, geometry, lang), media_type=PNG)
    return Response(sociogram_svg(geometry, lang), media_type=SVG)
