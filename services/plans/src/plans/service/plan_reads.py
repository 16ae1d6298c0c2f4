"""A plan read from the one statement of `repository.plan_read`: the answer `views.plan_view` gives.

The embedded rows arrive as the database's JSON and are validated once, into the API model
that is then serialised once. Agreed services and the coordinator go through the same
functions as every other view, so their rules (the month an amount is shown for, today's
housing network) have one home.
"""

from datetime import date
from types import SimpleNamespace
from typing import Any, cast
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from plans.models import AgreedService
from plans.repository.plan_read import plan_row
from plans.schemas.agreed_services import ServiceRead
from plans.schemas.plans import PlanRead
from plans.service.views import service_read


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _service(row: dict[str, Any]) -> ServiceRead:
    # service_read compares the validity days with today and converts the amount: typed values.
    typed = row | {
        "valid_from": _day(row["valid_from"]),
        "valid_until": _day(row["valid_until"]),
        "amount_hours": float(row["amount_hours"]),
    }
    return service_read(cast(AgreedService, SimpleNamespace(**typed)))


async def plan_read(session: AsyncSession, plan_id: UUID) -> PlanRead | None:
    """Return the plan's current version with what it embeds, or None when there is no such plan."""
    row = await plan_row(session, plan_id)
    if row is None:
        return None
    # The same rule as views.coordinators_of: today's network coordinator, else the plan's own.
    coordinator = {
        "area_coordinator_id": row.housing_worker_id or row.legacy_area_coordinator_id,
        "legacy_area_coordinator_id": row.legacy_area_coordinator_id,
        "housing_network_id": row.housing_network_id,
    }
    return PlanRead.model_validate(
        {
            **(row.content | coordinator),
            "id": row.id,
            "client_id": row.client_id,
            "status": row.status,
            "version": row.current_version,
            "approved": row.version_approved_at is not None,
            "approved_by": row.approved_by,
            "approved_at": row.version_approved_at,
            "approved_version": row.approved_version,
            "closed_on": row.closed_on,
            "created_at": row.created_at,
            "modified_at": row.modified_at,
            "current_phase": row.current_phase,
            "goals": row.goals,
            "services": [_service(s) for s in row.services],
            "referrals": row.referrals,
        }
    )
