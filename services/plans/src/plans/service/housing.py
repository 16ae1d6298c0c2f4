"""Housing follow-up: rent-payment and disturbance observations open intervention tasks, due by
the client's phase in Finnish working days."""

from datetime import date, datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from plans.config import PlansSettings
from plans.models import Client, Observation, Plan, Task
from plans.repository import plans as repo
from plans.schemas.housing import ObservationCreate, TaskClose
from plans.service.common import ensure_open, stage, touch
from plans.working_days import due_at
from tukiverkko_common.actors import current_actor
from tukiverkko_common.clock import as_utc, utcnow
from tukiverkko_common.contracts.plans import ObservationRecorded, TaskClosed, TaskOpened
from tukiverkko_common.problems import conflict
from tukiverkko_common.uow import UnitOfWork

TASK_KIND = {"rent_payment": "rent_follow_up", "disturbance": "disturbance_intervention"}


def needs_task(data: ObservationCreate) -> bool:
    """Every disturbance and any rent not paid in full calls for an intervention."""
    return data.kind == "disturbance" or data.rent_status != "paid"


async def follow_up_due(
    session: AsyncSession, settings: PlansSettings, plan: Plan, kind: str, observed_on: date
) -> tuple[datetime, str | None]:
    """Return when a follow-up is due by the client's phase on the observation day, and the phase.

    The region configures the working days per kind and phase (seed 003: disturbances at once,
    intensified rent follow-up in the intensive phase); the day ends at `working_day_ends_at`.
    """
    client = await session.get(Client, plan.client_id)
    phase = await repo.phase_on(session, plan.id, observed_on)
    name = phase.phase if phase else None
    days = settings.follow_up_days(client.region if client else None, kind, name)
    return due_at(observed_on, days, settings.working_day_ends_at), name


async def record_observation(
    *, uow: UnitOfWork, settings: PlansSettings, plan: Plan, data: ObservationCreate
) -> tuple[Observation, Task | None]:
    """Record a dated observation and, when it calls for one, open the intervention task."""
    ensure_open(plan)
    observation = add_observation(
        uow, plan, data.model_dump(exclude={"task_due_at", "assigned_to"})
    )
    task = None
    if needs_task(data):
        due, phase = await follow_up_due(uow.session, settings, plan, data.kind, data.observed_on)
        task = open_task(uow, plan, observation, data.task_due_at or due, data.assigned_to, phase)
    await uow.commit()
    return observation, task


def add_observation(uow: UnitOfWork, plan: Plan, values: dict[str, Any]) -> Observation:
    """Add an observation of the plan and stage its event (ids and codes only)."""
    observation = Observation(
        plan_id=plan.id, client_id=plan.client_id, recorded_by_user=current_actor().user, **values
    )
    uow.session.add(observation)
    stage(
        uow,
        ObservationRecorded(
            client_id=plan.client_id,
            plan_id=plan.id,
            observation_id=observation.id,
            kind=observation.kind,
            observed_on=observation.observed_on,
            rent_status=observation.rent_status,
            severity=observation.severity,
        ),
    )
    return observation


def open_task(
    uow: UnitOfWork,
    plan: Plan,
    observation: Observation,
    due: datetime,
    assignee: str | None,
    phase: str | None,
) -> Task:
    """Open the intervention task an observation calls for, assigned to the responsible worker."""
    task = Task(
        plan_id=plan.id,
        client_id=plan.client_id,
        observation_id=observation.id,
        kind=TASK_KIND[observation.kind],
        due_at=as_utc(due),
        assigned_to=assignee or plan.responsible_worker_id,
        status="open",
        phase=phase,
    )
    uow.session.add(task)
    stage(
        uow,
        TaskOpened(
            client_id=plan.client_id,
            plan_id=plan.id,
            task_id=task.id,
            observation_id=observation.id,
            kind=task.kind,
            due_at=task.due_at,
            assigned_to=task.assigned_to,
            phase=phase,
        ),
    )
    return task


async def close_task(*, uow: UnitOfWork, task: Task, data: TaskClose) -> Task:
    """Close an open intervention task with its outcome."""
    if task.status != "open":
        raise conflict("task-closed", f"task {task.id} is already closed")
    task.status, task.closed_at = "closed", utcnow()
    task.outcome, task.outcome_note = data.outcome, data.note
    touch(task)
    stage(
        uow,
        TaskClosed(
            client_id=task.client_id,
            plan_id=task.plan_id,
            task_id=task.id,
            kind=task.kind,
            outcome=data.outcome,
            due_at=task.due_at,
            closed_at=task.closed_at,
            overdue=task.closed_at > task.due_at,
        ),
    )
    await uow.commit()
    return task
