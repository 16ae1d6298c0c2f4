"""Self-monitoring plan routes: generate a version, list versions, read one as JSON, HTML or PDF."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from sqlmodel import col, select

from network.deps_housing import NetworkR, NetworkW
from network.models_housing import SelfMonitoringVersion
from network.repository.common import page
from network.routers.common import problems
from network.schemas.common import Page
from network.schemas.selfmonitoring import Generated, VersionMeta, VersionRead
from network.service import selfmonitoring as service
from network.service.selfmonitoring_render import render_html, render_pdf
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep
from tukiverkko_common.problems import not_found

router = APIRouter(prefix="/api/v1", tags=["self-monitoring"])
PLAN = "/housing-networks/{network_id}/self-monitoring-plan"
VersionNo = Annotated[int, Path(ge=1, le=1_000_000)]


@router.post(
    PLAN,
    response_model=Generated,
    responses=problems(404),
    summary="Generate the self-monitoring plan from the data (a new version only if it changed)",
)
async def generate(network: NetworkW, uow: UowDep, actor: ActorDep, response: Response) -> Any:
    version, new = await service.generate(
        uow=uow, network=network, organisation=actor.organisation_id
    )
    response.status_code = 201 if new else 200
    return Generated(**VersionMeta.model_validate(version).model_dump(), new_version=new)


@router.get(
    f"{PLAN}/versions",
    response_model=Page[VersionMeta],
    responses=problems(404, 422),
    summary="The plan's version history",
)
async def list_versions(network: NetworkR, session: SessionDep, params: PageDep) -> Any:
    query = select(SelfMonitoringVersion).where(SelfMonitoringVersion.network_id == network.id)
    rows, cursor = await page(session, query, SelfMonitoringVersion, params)
    return Page(items=[VersionMeta.model_validate(r) for r in rows], next_cursor=cursor)


async def _version(session: SessionDep, network_id: Any, number: int) -> SelfMonitoringVersion:
    query = select(SelfMonitoringVersion).where(
        SelfMonitoringVersion.network_id == network_id, col(SelfMonitoringVersion.version) == number
    )
    found = (await session.exec(query)).first()
    if found is None:
        raise not_found("self-monitoring plan version", f"{network_id}/{number}")
    return found


@router.get(
    f"{PLAN}/versions/{{version}}",
    response_model=VersionRead,
    responses=problems(404, 422),
    summary="A version with its content",
)
async def read_version(network: NetworkR, version: VersionNo, session: SessionDep) -> Any:
    return await _version(session, network.id, version)


@router.get(
    f"{PLAN}/versions/{{version}}/document",
    responses={
        200: {
            "description": "The plan as HTML or PDF",
            "content": {
                "text/html": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **problems(404, 422),
    },
    response_class=Response,
    summary="A version as a document (HTML or PDF, Finnish or Swedish)",
)
async def read_document(
    network: NetworkR,
    version: VersionNo,
    session: SessionDep,
    language: Annotated[Literal["fi", "sv"], Query()] = "fi",
    format: Annotated[Literal["html", "pdf"], Query()] = "html",
) -> Response:
    found = await _version(session, network.id, version)
    data = VersionRead.model_validate(found).model_dump()
    if format == "pdf":
        return Response(render_pdf(data, language), media_type="application/pdf")
    return Response(render_html(data, language), media_type="text/html; charset=utf-8")
