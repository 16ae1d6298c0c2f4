"""Plan use cases: open a draft, edit (a new version once the current one is approved)."""

from typing import Any

from plans.models import Client, Plan, PlanHistory, PlanVersion
from plans.repository import plans as repo
from plans.schemas.plans import PlanCreate, PlanUpdate
from plans.service.common import ensure_open, stage, touch
from tukiverkko_common.actors import current_actor
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.plans import PlanChanged, PlanCreated
from tukiverkko_common.problems import conflict
from tukiverkko_common.uow import UnitOfWork

HEADER_FIELDS = {
    "responsible_worker_id": "responsible_worker_id",
    "area_coordinator_id": "legacy_area_coordinator_id",
    "next_review_on": "next_review_on",
}
"""Plan content field -> the plan row's column that mirrors it."""


async def create_plan(*, uow: UnitOfWork, client: Client, data: PlanCreate) -> Plan:
    """Open a draft plan (version 1) for a client who has no open plan."""
    existing = await repo.open_plan_of(uow.session, client.id)
    if existing is not None:
        raise conflict(
            "open-plan-exists",
            f"client already has an open plan {existing.id}",
            plan_id=str(existing.id),
        )
    who = current_actor()
    plan = Plan(
        client_id=client.id,
        status="draft",
        current_version=1,
        responsible_worker_id=data.responsible_worker_id,
        legacy_area_coordinator_id=data.area_coordinator_id,
        next_review_on=data.next_review_on,
    )
    content = data.model_dump(mode="json")
    uow.session.add(plan)
    uow.session.add(
        PlanVersion(
            plan_id=plan.id,
            client_id=client.id,
            version=1,
            content=content,
            created_by_org=who.organisation,
            created_by_user=who.user,
        )
    )
    record_history(uow, plan, "created", to_status="draft")
    stage(
        uow,
        PlanCreated(
            client_id=client.id,
            plan_id=plan.id,
            version=1,
            status="draft",
            legal_basis=content["legal_basis"],
            responsible_worker_id=plan.responsible_worker_id,
            area_coordinator_id=plan.legacy_area_coordinator_id,
            next_review_on=plan.next_review_on,
            created_at=plan.created_at,
        ),
    )
    await uow.commit()
    return plan


async def update_plan(*, uow: UnitOfWork, plan: Plan, data: PlanUpdate) -> Plan:
    """Apply changes; an approved current version stays as it was and a new version is made."""
    ensure_open(plan)
    updates = data.model_dump(mode="json", exclude_unset=True)
    current = await repo.version(uow.session, plan.id, plan.current_version)
    changed = [k for k, v in updates.items() if current.content.get(k) != v]
    if not changed:
        return plan
    content = {**current.content, **updates}
    new_version = current.approved_at is not None
    if new_version:
        _add_version(uow, plan, content, changed)
    else:
        _edit_version(current, content, changed)
    _copy_header(plan, data, changed)
    record_history(uow, plan, "new_version" if new_version else "edited", fields=changed)
    stage(
        uow,
        PlanChanged(
            client_id=plan.client_id,
            plan_id=plan.id,
            version=plan.current_version,
            new_version=new_version,
            changed_fields=changed,
            area_coordinator_id=plan.legacy_area_coordinator_id,
            next_review_on=plan.next_review_on,
            changed_at=plan.modified_at,
        ),
    )
    await uow.commit()
    return plan


def _add_version(uow: UnitOfWork, plan: Plan, content: dict[str, Any], changed: list[str]) -> None:
    who = current_actor()
    plan.current_version += 1
    uow.session.add(
        PlanVersion(
            plan_id=plan.id,
            client_id=plan.client_id,
            version=plan.current_version,
            content=content,
            changed_fields=changed,
            created_by_org=who.organisation,
            created_by_user=who.user,
        )
    )


def _edit_version(current: PlanVersion, content: dict[str, Any], changed: list[str]) -> None:
    current.content = content
    if current.version > 1:
        current.changed_fields = sorted(set(current.changed_fields) | set(changed))
    touch(current)


def _copy_header(plan: Plan, data: PlanUpdate, changed: list[str]) -> None:
    for name, column in HEADER_FIELDS.items():
        if name in changed:
            setattr(plan, column, getattr(data, name))
    touch(plan)


def record_history(
    uow: UnitOfWork,
    plan: Plan,
    action: str,
    *,
    fields: list[str] | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> None:
    """Add a who-changed-what-when entry for the plan."""
    who = current_actor()
    uow.session.add(
        PlanHistory(
            plan_id=plan.id,
            client_id=plan.client_id,
            version=plan.current_version,
            action=action,
            fields=fields or [],
            from_status=from_status,
            to_status=to_status,
            actor_org=who.organisation,
            actor_user=who.user,
            created_at=utcnow(),
        )
    )
