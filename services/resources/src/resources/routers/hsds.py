"""Open Referral HSDS 3.0 read API over organisation cards and their offers."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from resources.routers.common import problems
from resources.schemas.hsds import (
    HsdsOrganization,
    HsdsOrganizationBrief,
    HsdsPage,
    HsdsRoot,
    HsdsService,
    HsdsServiceBrief,
)
from resources.service import hsds
from tukiverkko_common.app import SessionDep
from tukiverkko_common.fields import Instant
from tukiverkko_common.ownership import ScopeDep

router = APIRouter(prefix="/api/v1/hsds", tags=["hsds"], responses=problems(401, 422))
Search = Annotated[str | None, Query(max_length=200, description="Name or description contains")]
PageNo = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=200)]
Since = Annotated[
    Instant | None, Query(description="Only records modified on or after this instant")
]


@router.get(
    "",
    summary="About this HSDS API (HSDS `GET /` of the base URL /api/v1/hsds)",
    response_model_exclude_none=True,
)
async def root() -> HsdsRoot:
    return HsdsRoot()


@router.get(
    "/services", summary="Services (offers of organisations)", response_model_exclude_none=True
)
async def list_services(
    session: SessionDep, scope: ScopeDep, search: Search = None, page: PageNo = 1,
    per_page: PerPage = 50, modified_after: Since = None,
    organization_id: Annotated[UUID | None, Query()] = None,
) -> HsdsPage[HsdsServiceBrief]:  # fmt: skip
    return await hsds.service_page(
        session=session, scope=scope, search=search, modified_after=modified_after,
        organisation_id=organization_id, page=page, per_page=per_page,
    )  # fmt: skip


@router.get(
    "/services/{hsds_service_id}", summary="One service", responses=problems(404),
    response_model_exclude_none=True,
)  # fmt: skip
async def get_service(hsds_service_id: UUID, session: SessionDep) -> HsdsService:
    return await hsds.service(session=session, ident=hsds_service_id)


@router.get("/organizations", summary="Organisations", response_model_exclude_none=True)
async def list_organisations(
    session: SessionDep, scope: ScopeDep, search: Search = None, page: PageNo = 1,
    per_page: PerPage = 50, modified_after: Since = None,
) -> HsdsPage[HsdsOrganizationBrief]:  # fmt: skip
    return await hsds.organisation_page(
        session=session, scope=scope, search=search, modified_after=modified_after,
        page=page, per_page=per_page,
    )  # fmt: skip


@router.get(
    "/organizations/{organization_id}", summary="One organisation with its services",
    responses=problems(404), response_model_exclude_none=True,
)  # fmt: skip
async def get_organisation(organization_id: UUID, session: SessionDep) -> HsdsOrganization:
    return await hsds.organisation(session=session, ident=organization_id)
