"""Housing follow-up routes: observations, intervention tasks, the overdue list."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from plans.deps import ObservationR, PlanR, PlanW, SettingsDep, TaskR, TaskW
from plans.models import Observation, Task
from plans.repository import housing as repo
from plans.repository.common import page, page_of_plan
from plans.repository.ownership import scoped
from plans.schemas.common import Page
from plans.schemas.housing import ObservationCreate, ObservationRead, TaskClose, TaskRead
from plans.service import housing as service
from plans.service.views import task_read
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.ownership import ScopeDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["housing"])


def observation_read(observation: Observation, task: Task | None) -> ObservationRead:
    """Return an observation with the task it opened."""
    view = ObservationRead.model_validate(observation)
    view.task = task_read(task) if task else None
    return view


@router.post(
    "/plans/{plan_id}/observations",
    status_code=201,
    response_model=ObservationRead,
    summary="Record a rent-payment or disturbance observation (opens a task when needed)",
)
async def record_observation(
    plan: PlanW, body: ObservationCreate, uow: UowDep, settings: SettingsDep
) -> ObservationRead:
    observation, task = await service.record_observation(
        uow=uow, settings=settings, plan=plan, data=body
    )
    return observation_read(observation, task)


@router.get(
    "/plans/{plan_id}/observations",
    response_model=Page[ObservationRead],
    summary="A plan's observations",
)
async def list_observations(
    plan: PlanR, session: SessionDep, params: PageDep
) -> Page[ObservationRead]:
    rows, cursor = await page_of_plan(session, Observation, plan.id, params)
    tasks = await repo.tasks_by_observation(session, [o.id for o in rows])
    return Page(items=[observation_read(o, tasks.get(o.id)) for o in rows], next_cursor=cursor)


@router.get(
    "/observations/{observation_id}", response_model=ObservationRead, summary="Read an observation"
)
async def read_observation(observation: ObservationR, session: SessionDep) -> ObservationRead:
    tasks = await repo.tasks_by_observation(session, [observation.id])
    return observation_read(observation, tasks.get(observation.id))


@router.get(
    "/plans/{plan_id}/tasks", response_model=Page[TaskRead], summary="A plan's intervention tasks"
)
async def list_plan_tasks(plan: PlanR, session: SessionDep, params: PageDep) -> Page[TaskRead]:
    rows, cursor = await page_of_plan(session, Task, plan.id, params)
    return Page(items=[task_read(t) for t in rows], next_cursor=cursor)


@router.get(
    "/tasks",
    response_model=Page[TaskRead],
    summary="Intervention tasks; overdue=true lists the overdue ones",
)
async def list_tasks(
    session: SessionDep,
    params: PageDep,
    scope: ScopeDep,
    overdue: Annotated[bool, Query(description="Only open tasks past their due time")] = False,
    status: Annotated[Literal["open", "closed"] | None, Query()] = None,
    area_coordinator_id: Annotated[str | None, Query(max_length=128)] = None,
    assigned_to: Annotated[str | None, Query(max_length=128)] = None,
    district: Annotated[str | None, Query(max_length=100)] = None,
    escalated_to: Annotated[
        str | None,
        Query(max_length=128, description="Tasks escalated to this area coordinator"),
    ] = None,
) -> Page[TaskRead]:
    query = repo.tasks_query(
        overdue=overdue,
        status=status,
        area_coordinator_id=area_coordinator_id,
        assigned_to=assigned_to,
        district=district,
        escalated_to=escalated_to,
    )
    rows, cursor = await page(session, scoped(query, Task, scope), Task, params)
    return Page(items=[task_read(t) for t in rows], next_cursor=cursor)


@router.get("/tasks/{task_id}", response_model=TaskRead, summary="Read a task")
async def read_task(task: TaskR) -> TaskRead:
    return task_read(task)


@router.post(
    "/tasks/{task_id}/close", response_model=TaskRead, summary="Close a task with its outcome"
)
async def close_task(task: TaskW, body: TaskClose, uow: UowDep) -> TaskRead:
    return task_read(await service.close_task(uow=uow, task=task, data=body))
