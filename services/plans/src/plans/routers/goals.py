"""Goal and progress-note routes."""

from fastapi import APIRouter
from sqlmodel import select

from plans.deps import GoalR, GoalW, PlanR, PlanW
from plans.models import Goal, ProgressNote
from plans.repository.common import page, page_of_plan
from plans.schemas.common import Page
from plans.schemas.goals import (
    GoalCreate,
    GoalRead,
    GoalUpdate,
    ProgressNoteCreate,
    ProgressNoteRead,
)
from plans.service import goals as service
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["goals"])


@router.post(
    "/plans/{plan_id}/goals", status_code=201, response_model=GoalRead, summary="Add a goal"
)
async def record_goal(plan: PlanW, body: GoalCreate, uow: UowDep) -> GoalRead:
    return GoalRead.model_validate(await service.record_goal(uow=uow, plan=plan, data=body))


@router.get("/plans/{plan_id}/goals", response_model=Page[GoalRead], summary="A plan's goals")
async def list_goals(plan: PlanR, session: SessionDep, params: PageDep) -> Page[GoalRead]:
    rows, cursor = await page_of_plan(session, Goal, plan.id, params)
    return Page(items=[GoalRead.model_validate(g) for g in rows], next_cursor=cursor)


@router.get("/goals/{goal_id}", response_model=GoalRead, summary="Read a goal")
async def read_goal(goal: GoalR) -> GoalRead:
    return GoalRead.model_validate(goal)


@router.patch(
    "/goals/{goal_id}", response_model=GoalRead, summary="Change a goal (status, trend, wording)"
)
async def change_goal(goal: GoalW, body: GoalUpdate, uow: UowDep) -> GoalRead:
    return GoalRead.model_validate(await service.change_goal(uow=uow, goal=goal, data=body))


@router.post(
    "/goals/{goal_id}/progress",
    status_code=201,
    response_model=ProgressNoteRead,
    summary="Note progress",
)
async def note_progress(goal: GoalW, body: ProgressNoteCreate, uow: UowDep) -> ProgressNoteRead:
    return ProgressNoteRead.model_validate(
        await service.note_progress(uow=uow, goal=goal, data=body)
    )


@router.get(
    "/goals/{goal_id}/progress",
    response_model=Page[ProgressNoteRead],
    summary="A goal's progress notes",
)
async def list_progress(
    goal: GoalR, session: SessionDep, params: PageDep
) -> Page[ProgressNoteRead]:
    rows, cursor = await page(
        session, select(ProgressNote).where(ProgressNote.goal_id == goal.id), ProgressNote, params
    )
    return Page(items=[ProgressNoteRead.model_validate(n) for n in rows], next_cursor=cursor)
