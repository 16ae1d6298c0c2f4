"""Phase routes."""

from fastapi import APIRouter

from plans.deps import PhaseR, PlanR, PlanW, SettingsDep
from plans.models import Client, Phase
from plans.repository.common import page_of_plan
from plans.schemas.common import Page
from plans.schemas.phases import PhaseChange, PhaseRead
from plans.service import phases as service
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["phases"])


@router.post(
    "/plans/{plan_id}/phases", status_code=201, response_model=PhaseRead, summary="Move to a phase"
)
async def change_phase(
    plan: PlanW, body: PhaseChange, uow: UowDep, settings: SettingsDep
) -> PhaseRead:
    client = await uow.session.get(Client, plan.client_id)
    assert client is not None  # a plan's client row always exists (foreign key)
    phase = await service.change_phase(
        uow=uow, settings=settings, plan=plan, client=client, data=body
    )
    return PhaseRead.model_validate(phase)


@router.get(
    "/plans/{plan_id}/phases", response_model=Page[PhaseRead], summary="A plan's phase history"
)
async def list_phases(plan: PlanR, session: SessionDep, params: PageDep) -> Page[PhaseRead]:
    rows, cursor = await page_of_plan(session, Phase, plan.id, params)
    return Page(items=[PhaseRead.model_validate(p) for p in rows], next_cursor=cursor)


@router.get("/phases/{phase_id}", response_model=PhaseRead, summary="Read a phase period")
async def read_phase(phase: PhaseR) -> PhaseRead:
    return PhaseRead.model_validate(phase)
