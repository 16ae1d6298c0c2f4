"""Delivery-log routes."""

from fastapi import APIRouter

from plans.deps import PlanR, PlanW, VisitR, VisitW
from plans.models import Visit
from plans.repository.common import page_of_plan
from plans.schemas.common import Page
from plans.schemas.visits import VisitCreate, VisitRead, VisitUpdate
from plans.service import visits as service
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["visits"])


@router.post(
    "/plans/{plan_id}/visits",
    status_code=201,
    response_model=VisitRead,
    summary="Log a visit or contact",
)
async def record_visit(plan: PlanW, body: VisitCreate, uow: UowDep) -> VisitRead:
    return VisitRead.model_validate(await service.record_visit(uow=uow, plan=plan, data=body))


@router.get(
    "/plans/{plan_id}/visits", response_model=Page[VisitRead], summary="A plan's delivery log"
)
async def list_visits(plan: PlanR, session: SessionDep, params: PageDep) -> Page[VisitRead]:
    rows, cursor = await page_of_plan(session, Visit, plan.id, params)
    return Page(items=[VisitRead.model_validate(v) for v in rows], next_cursor=cursor)


@router.get("/visits/{visit_id}", response_model=VisitRead, summary="Read a visit")
async def read_visit(visit: VisitR) -> VisitRead:
    return VisitRead.model_validate(visit)


@router.patch("/visits/{visit_id}", response_model=VisitRead, summary="Correct a visit")
async def correct_visit(visit: VisitW, body: VisitUpdate, uow: UowDep) -> VisitRead:
    return VisitRead.model_validate(await service.correct_visit(uow=uow, visit=visit, data=body))
