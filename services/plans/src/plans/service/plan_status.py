"""Plan approval and status transitions (draft → active → under_review → closed)."""

from datetime import date, timedelta

from plans.codes import PLAN_TRANSITIONS
from plans.models import Plan
from plans.repository import meetings as meetings_repo
from plans.repository import plans as repo
from plans.schemas.plans import PlanApprove, PlanStatusChange
from plans.service.agreed_services import service_event
from plans.service.common import ensure_open, stage, touch
from plans.service.plans import record_history
from plans.service.views import approved_snapshot
from tukiverkko_common.actors import current_actor
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.contracts.plans import PlanApproved, PlanStatusChanged
from tukiverkko_common.problems import conflict, invalid
from tukiverkko_common.uow import UnitOfWork


async def approve_plan(*, uow: UnitOfWork, plan: Plan, data: PlanApprove) -> Plan:
    """Approve the current version by a named person; a draft or reviewed plan becomes active."""
    ensure_open(plan)
    current = await repo.version(uow.session, plan.id, plan.current_version)
    if current.approved_at is not None:
        raise conflict("already-approved", f"version {current.version} is already approved")
    who = current_actor()
    current.approved_at, current.approved_by = utcnow(), data.approved_by
    current.approved_by_user, current.approved_by_org = who.user, who.organisation
    current.approved_snapshot = await approved_snapshot(uow.session, plan)
    touch(current)
    plan.approved_version, plan.approved_at = plan.current_version, current.approved_at
    touch(plan)
    record_history(uow, plan, "approved")
    if plan.status in ("draft", "under_review"):
        _move(uow, plan, "active")
    stage(
        uow,
        PlanApproved(
            client_id=plan.client_id,
            plan_id=plan.id,
            version=current.version,
            status=plan.status,
            approved_at=current.approved_at,
        ),
    )
    await uow.commit()
    return plan


async def change_status(*, uow: UnitOfWork, plan: Plan, data: PlanStatusChange) -> Plan:
    """Move the plan along its lifecycle; 409 for a move the lifecycle does not allow."""
    target = data.status
    if target not in PLAN_TRANSITIONS[plan.status]:
        allowed = sorted(PLAN_TRANSITIONS[plan.status])
        raise conflict(
            "illegal-transition",
            f"a plan cannot move from {plan.status} to {target}",
            allowed=allowed,
        )
    if target == "active":
        current = await repo.version(uow.session, plan.id, plan.current_version)
        if current.approved_at is None:
            raise conflict(
                "approval-required", "approve the current version to make the plan active"
            )
    if target == "closed":
        await _close(uow, plan, data.closed_on or helsinki_date(utcnow()))
    _move(uow, plan, target)
    await uow.commit()
    return plan


def _move(uow: UnitOfWork, plan: Plan, target: str) -> None:
    source, plan.status = plan.status, target
    touch(plan)
    record_history(uow, plan, "status_changed", from_status=source, to_status=target)
    stage(
        uow,
        PlanStatusChanged(
            client_id=plan.client_id,
            plan_id=plan.id,
            from_status=source,
            to_status=target,
            changed_at=plan.modified_at,
        ),
    )


async def _close(uow: UnitOfWork, plan: Plan, last_day: date) -> None:
    """End the current phase, every agreed service and meeting schedule on the plan's last day."""
    phase = await repo.current_phase(uow.session, plan.id)
    if phase is not None:
        if last_day < phase.started_on:
            raise invalid(
                "closed_on", f"must not be before the current phase started ({phase.started_on})"
            )
        phase.ended_on = last_day + timedelta(days=1)
        touch(phase)
    for service in await repo.services_of(uow.session, plan.id):
        if service.valid_until is None or service.valid_until > last_day:
            service.valid_until = last_day
            touch(service)
            stage(uow, service_event(service, "ended"))
    for schedule in await meetings_repo.running_schedules(uow.session, plan.id, last_day):
        schedule.ends_on = last_day  # no meeting of a closed plan can be missed
        touch(schedule)
    plan.closed_on = last_day
