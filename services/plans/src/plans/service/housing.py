"""Housing follow-up: rent-payment and disturbance observations open intervention tasks with a due time."""

from datetime import datetime, time, timedelta

from plans.config import PlansSettings
from plans.models import Observation, Plan, Task
from plans.schemas.housing import ObservationCreate, TaskClose
from plans.service.common import ensure_open, stage, touch
from tukiverkko_common.actors import current_actor
from tukiverkko_common.clock import HELSINKI, as_utc, utcnow
from tukiverkko_common.contracts.plans import ObservationRecorded, TaskClosed, TaskOpened
from tukiverkko_common.problems import conflict
from tukiverkko_common.uow import UnitOfWork

TASK_KIND = {"rent_payment": "rent_follow_up", "disturbance": "disturbance_intervention"}


def needs_task(data: ObservationCreate) -> bool:
    """Every disturbance and any rent not paid in full calls for an intervention."""
    return data.kind == "disturbance" or data.rent_status != "paid"


def default_due(settings: PlansSettings, data: ObservationCreate) -> datetime:
    """Return the due time: the configured hours from the start of the observation day in Helsinki."""
    start = datetime.combine(data.observed_on, time.min, HELSINKI)
    return as_utc(start + timedelta(hours=settings.task_due_hours[data.kind]))


async def record_observation(
    *, uow: UnitOfWork, settings: PlansSettings, plan: Plan, data: ObservationCreate
) -> tuple[Observation, Task | None]:
    """Record a dated observation and, when it calls for one, open the intervention task."""
    ensure_open(plan)
    observation = Observation(
        plan_id=plan.id,
        client_id=plan.client_id,
        recorded_by_user=current_actor().user,
        **data.model_dump(exclude={"task_due_at", "assigned_to"}),
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
    task = None
    if needs_task(data):
        task = _open_task(
            uow,
            plan,
            observation,
            data.task_due_at or default_due(settings, data),
            data.assigned_to,
        )
    await uow.commit()
    return observation, task


def _open_task(
    uow: UnitOfWork, plan: Plan, observation: Observation, due: datetime, assignee: str | None
) -> Task:
    task = Task(
        plan_id=plan.id,
        client_id=plan.client_id,
        observation_id=observation.id,
        kind=TASK_KIND[observation.kind],
        due_at=as_utc(due),
        assigned_to=assignee or plan.responsible_worker_id,
        status="open",
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
