"""Overdue intervention tasks go to the area coordinator (seed 003: intervene at once).

The worker loop calls `escalate_overdue` every `escalation_interval_seconds`; each open task
past its due time is escalated once, to the coordinator of the client's housing network on
that day (else the plan's legacy coordinator), with a TaskEscalated event. The coordinator
lists them with `GET /api/v1/tasks?escalated_to=<worker id>`.
"""

from datetime import datetime

from sqlmodel import col, select

from plans.models import Plan, Task
from plans.repository import housing_networks as housing_repo
from plans.service.common import stage, touch
from tukiverkko_common.clock import helsinki_date
from tukiverkko_common.contracts.plans import TaskEscalated
from tukiverkko_common.uow import UnitOfWork

BATCH = 500


async def escalate_overdue(*, uow: UnitOfWork, now: datetime) -> int:
    """Escalate up to BATCH overdue open tasks not escalated yet; return how many."""
    query = (
        select(Task, Plan)
        .join(Plan, col(Plan.id) == col(Task.plan_id))
        .where(Task.status == "open", Task.due_at < now, col(Task.escalated_at).is_(None))
        .order_by(col(Task.due_at))
        .limit(BATCH)
        .with_for_update(of=Task, skip_locked=True)  # replicas share the work, never a task
    )
    rows = list((await uow.session.exec(query)).all())
    housed = await housing_repo.assignments(
        uow.session, helsinki_date(now), [task.client_id for task, _ in rows]
    )
    for task, plan in rows:
        found = housed.get(task.client_id)
        coordinator = (found.worker_id if found else None) or plan.legacy_area_coordinator_id
        task.escalated_at, task.escalated_to = now, coordinator
        touch(task)
        stage(
            uow,
            TaskEscalated(
                client_id=task.client_id,
                plan_id=task.plan_id,
                task_id=task.id,
                kind=task.kind,
                due_at=task.due_at,
                escalated_at=now,
                area_coordinator_id=coordinator,
            ),
        )
    await uow.commit()
    return len(rows)
