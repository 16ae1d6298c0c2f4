"""Agreed-service routes."""

from fastapi import APIRouter

from plans.deps import PlanR, PlanW, ServiceR, ServiceW
from plans.models import AgreedService
from plans.repository.common import page_of_plan
from plans.schemas.agreed_services import ServiceCreate, ServiceRead, ServiceUpdate
from plans.schemas.common import Page
from plans.service import agreed_services as service
from plans.service.views import service_read
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["services"])


@router.post(
    "/plans/{plan_id}/services",
    status_code=201,
    response_model=ServiceRead,
    summary="Agree a service",
)
async def agree_service(plan: PlanW, body: ServiceCreate, uow: UowDep) -> ServiceRead:
    return service_read(await service.agree_service(uow=uow, plan=plan, data=body))


@router.get(
    "/plans/{plan_id}/services",
    response_model=Page[ServiceRead],
    summary="A plan's agreed services",
)
async def list_services(plan: PlanR, session: SessionDep, params: PageDep) -> Page[ServiceRead]:
    rows, cursor = await page_of_plan(session, AgreedService, plan.id, params)
    return Page(items=[service_read(s) for s in rows], next_cursor=cursor)


@router.get("/services/{service_id}", response_model=ServiceRead, summary="Read an agreed service")
async def read_service(agreed: ServiceR) -> ServiceRead:
    return service_read(agreed)


@router.patch(
    "/services/{service_id}", response_model=ServiceRead, summary="Change an agreed service"
)
async def change_service(agreed: ServiceW, body: ServiceUpdate, uow: UowDep) -> ServiceRead:
    return service_read(await service.change_service(uow=uow, service=agreed, data=body))
