"""Helpers every use case shares: staging keyed by client, guards (the caller is `tukiverkko_common.actors.current_actor`)."""

from typing import Any

from plans.models import Plan
from tukiverkko_common.clock import utcnow
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.problems import conflict
from tukiverkko_common.uow import UnitOfWork


def stage(uow: UnitOfWork, event: EventData) -> CloudEvent:
    """Stage an event keyed by its client, so a person's events stay in order."""
    client_id = str(event.client_id)  # type: ignore[attr-defined]
    return uow.stage(event, key=client_id, subject=client_id)


def touch(row: Any) -> None:
    """Mark a row changed now (incremental sync sees it)."""
    row.modified_at = utcnow()


def ensure_open(plan: Plan) -> None:
    """Refuse changes to a closed plan."""
    if plan.status == "closed":
        raise conflict("plan-closed", f"plan {plan.id} is closed; open a new plan instead")


def changed_fields(obj: Any, values: dict[str, Any]) -> list[str]:
    """Set the attributes whose values differ and return their names."""
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


async def parent_plan(uow: UnitOfWork, row: Any) -> Plan:
    """Lock the plan a child row belongs to, then re-read the row.

    Every write locks the plan before its children (closing a plan updates its services and
    phases), so PostgreSQL sees one lock order; the re-read sees what a writer that held the
    plan lock just before us committed.
    """
    plan = await uow.session.get(Plan, row.plan_id, with_for_update=True)
    assert plan is not None, "foreign key guarantees the plan"
    await uow.session.refresh(row)
    return plan
