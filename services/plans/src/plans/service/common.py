"""Helpers every use case shares: the caller, staging keyed by client, guards."""

from dataclasses import dataclass
from typing import Any

from plans.models import Plan
from tukiverkko_common import context
from tukiverkko_common.clock import utcnow
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.problems import conflict
from tukiverkko_common.uow import UnitOfWork


@dataclass(frozen=True)
class Actor:
    """The caller as authenticated by the gateway (organisation id and pseudonymous user id)."""

    organisation: str | None
    user: str | None


def actor() -> Actor:
    """Return who is making this request (from the gateway's x-actor-* headers)."""
    org = context.actor_organisation.get()
    user = context.actor_user.get()
    return Actor(organisation=org[:64] if org else None, user=user[:128] if user else None)


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
