"""Delivery log: record and correct visits and contacts."""

from datetime import datetime, timedelta

from plans.models import AgreedService, Plan, Visit
from plans.schemas.visits import VisitCreate, VisitUpdate
from plans.service.common import changed_fields, ensure_open, parent_plan, stage, touch
from plans.service.goals import ensure_goals_in_plan
from plans.service.meetings import check_occurrence
from tukiverkko_common.actors import current_actor
from tukiverkko_common.clock import as_utc, helsinki_date, utcnow
from tukiverkko_common.contracts.plans import VisitCorrected, VisitRecorded
from tukiverkko_common.problems import invalid
from tukiverkko_common.uow import UnitOfWork

CLOCK_SKEW = timedelta(minutes=5)


async def record_visit(*, uow: UnitOfWork, plan: Plan, data: VisitCreate) -> Visit:
    """Log delivered client work against an open plan (and optionally one of its agreed services)."""
    ensure_open(plan)
    await ensure_goals_in_plan(uow=uow, plan=plan, goal_ids=data.goal_ids)
    if data.service_id is not None:
        service = await uow.session.get(AgreedService, data.service_id)
        if service is None or service.plan_id != plan.id:
            raise invalid("service_id", f"not an agreed service of plan {plan.id}")
    occurred_at = _not_future(data.occurred_at)
    scheduled_on = None
    if data.schedule_id is not None:
        scheduled_on = data.scheduled_on or helsinki_date(occurred_at)
        await check_occurrence(uow, plan, data.schedule_id, scheduled_on)
    who = current_actor()
    values = data.model_dump(exclude={"goal_ids", "occurred_at", "scheduled_on"})
    visit = Visit(
        plan_id=plan.id,
        client_id=plan.client_id,
        recorded_by_org=who.organisation,
        recorded_by_user=who.user,
        occurred_at=occurred_at,
        goal_ids=[str(g) for g in data.goal_ids],
        scheduled_on=scheduled_on,
        **values,
    )
    uow.session.add(visit)
    stage(uow, VisitRecorded(**_payload(visit)))
    await uow.commit()
    return visit


async def correct_visit(*, uow: UnitOfWork, visit: Visit, data: VisitUpdate) -> Visit:
    """Correct a logged visit and publish its corrected state."""
    plan = await parent_plan(uow, visit)
    ensure_open(plan)
    updates = data.model_dump(exclude_unset=True, exclude={"goal_ids"})
    if "occurred_at" in updates:
        updates["occurred_at"] = _not_future(updates["occurred_at"])
    if data.goal_ids is not None:
        await ensure_goals_in_plan(uow=uow, plan=plan, goal_ids=data.goal_ids)
        updates["goal_ids"] = [str(g) for g in data.goal_ids]
    changed = changed_fields(visit, updates)
    if changed:
        touch(visit)
        stage(uow, VisitCorrected(**_payload(visit), changed_fields=changed))
    await uow.commit()
    return visit


def _not_future(occurred_at: datetime) -> datetime:
    value = as_utc(occurred_at)
    if value > utcnow() + CLOCK_SKEW:
        raise invalid("occurred_at", "cannot be in the future")
    return value


def _payload(visit: Visit) -> dict:
    return {
        "client_id": visit.client_id,
        "plan_id": visit.plan_id,
        "visit_id": visit.id,
        "occurred_at": visit.occurred_at,
        "minutes": visit.minutes,
        "method": visit.method,
        "worker_id": visit.worker_id,
        "service_id": visit.service_id,
        "goal_ids": visit.goal_ids,
        "schedule_id": visit.schedule_id,
        "scheduled_on": visit.scheduled_on,
    }
