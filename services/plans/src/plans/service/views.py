"""API views assembled from rows: a plan with what it embeds, versions, services, tasks."""

from datetime import date
from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from plans.amounts import monthly_minutes
from plans.models import AgreedService, Plan, PlanVersion, Task
from plans.repository import housing_networks as housing_repo
from plans.repository import plans as repo
from plans.schemas.agreed_services import (
    Amount,
    InformalProvider,
    OrganisationProvider,
    ServiceRead,
)
from plans.schemas.goals import GoalRead
from plans.schemas.housing import TaskRead
from plans.schemas.phases import PhaseRead
from plans.schemas.plans import PlanRead, PlanSummary, PlanVersionMeta, PlanVersionRead
from plans.schemas.referrals import ReferralRead
from tukiverkko_common.clock import helsinki_date, utcnow


def conversion_month(service: AgreedService) -> date:
    """Return the first day of the month a service's amount is shown for: this Helsinki month,
    moved into the service's period when it starts later or ended earlier."""
    day = helsinki_date(utcnow())
    day = max(day, service.valid_from)
    day = min(day, service.valid_until) if service.valid_until else day
    return day.replace(day=1)


def hours_per_month(service: AgreedService) -> float:
    """Return the amount as hours in its conversion month (the realisation's one rule)."""
    return round(
        monthly_minutes(service.amount_hours, service.amount_per, conversion_month(service)) / 60, 2
    )


def service_read(service: AgreedService) -> ServiceRead:
    """Return the API view of an agreed service."""
    provider: OrganisationProvider | InformalProvider
    first = conversion_month(service)
    if service.provider_kind == "organisation":
        provider = OrganisationProvider(
            organisation_id=service.provider_organisation_id,
            sector=service.provider_sector,
            resource_card_id=service.provider_resource_card_id,
        )
    else:
        provider = InformalProvider(
            relation=service.informal_relation, description=service.informal_description
        )
    return ServiceRead(
        id=service.id,
        plan_id=service.plan_id,
        client_id=service.client_id,
        service_type=service.service_type,
        legal_basis=service.legal_basis,
        provider=provider,
        amount=Amount(hours=service.amount_hours, per=service.amount_per),
        hours_per_month=hours_per_month(service),
        monthly_minutes=monthly_minutes(service.amount_hours, service.amount_per, first),
        month=first.strftime("%Y-%m"),
        valid_from=service.valid_from,
        valid_until=service.valid_until,
        goal_ids=service.goal_ids,
        created_at=service.created_at,
        modified_at=service.modified_at,
    )


def task_read(task: Task) -> TaskRead:
    """Return the API view of a task, with whether it is overdue now."""
    view = TaskRead.model_validate(task)
    view.overdue = task.status == "open" and task.due_at < utcnow()
    return view


def _meta(version: PlanVersion) -> dict[str, Any]:
    return {
        "plan_id": version.plan_id,
        "client_id": version.client_id,
        "version": version.version,
        "changed_fields": version.changed_fields,
        "created_at": version.created_at,
        "modified_at": version.modified_at,
        "created_by_user": version.created_by_user,
        "created_by_org": version.created_by_org,
        "approved": version.approved_at is not None,
        "approved_by": version.approved_by,
        "approved_at": version.approved_at,
    }


def version_meta(version: PlanVersion) -> PlanVersionMeta:
    """Return a version's header (for the version list)."""
    return PlanVersionMeta(**_meta(version))


def version_read(version: PlanVersion) -> PlanVersionRead:
    """Return one full version of a plan."""
    return PlanVersionRead(
        **version.content, **_meta(version), approved_snapshot=version.approved_snapshot
    )


async def approved_snapshot(session: AsyncSession, plan: Plan) -> dict[str, Any]:
    """Return the goals and agreed services as they stand, to keep with an approved version."""
    goals = await repo.goals_of(session, plan.id)
    services = await repo.services_of(session, plan.id)
    return {
        "goals": [GoalRead.model_validate(g).model_dump(mode="json") for g in goals],
        "services": [service_read(s).model_dump(mode="json") for s in services],
    }


async def plan_view(session: AsyncSession, plan: Plan) -> PlanRead:
    """Return the plan's current version with goals, services, current phase and referrals."""
    current = await repo.version(session, plan.id, plan.current_version)
    phase = await repo.current_phase(session, plan.id)
    coordinator = await coordinators_of(session, [plan])
    return PlanRead(
        **(current.content | coordinator[plan.id]),
        id=plan.id,
        client_id=plan.client_id,
        status=plan.status,
        version=plan.current_version,
        approved=current.approved_at is not None,
        approved_by=current.approved_by,
        approved_at=current.approved_at,
        approved_version=plan.approved_version,
        closed_on=plan.closed_on,
        created_at=plan.created_at,
        modified_at=plan.modified_at,
        current_phase=PhaseRead.model_validate(phase) if phase else None,
        goals=[GoalRead.model_validate(g) for g in await repo.goals_of(session, plan.id)],
        services=[service_read(s) for s in await repo.services_of(session, plan.id)],
        referrals=[
            ReferralRead.model_validate(r) for r in await repo.referrals_of(session, plan.id)
        ],
    )


COORDINATOR_FIELDS = ("area_coordinator_id", "legacy_area_coordinator_id", "housing_network_id")


async def coordinators_of(session: AsyncSession, plans: list[Plan]) -> dict[UUID, dict[str, Any]]:
    """Return each plan's coordinator fields: today's housing network and its coordinator, the legacy value."""
    today = helsinki_date(utcnow())
    housed = await housing_repo.assignments(session, today, [p.client_id for p in plans])
    fields = {}
    for plan in plans:
        found = housed.get(plan.client_id)
        fields[plan.id] = {
            "area_coordinator_id": (found.worker_id if found else None)
            or plan.legacy_area_coordinator_id,
            "legacy_area_coordinator_id": plan.legacy_area_coordinator_id,
            "housing_network_id": found.network_id if found else None,
        }
    return fields


async def plan_summaries(session: AsyncSession, plans: list[Plan]) -> list[PlanSummary]:
    """Return plans' headers for lists."""
    coordinators = await coordinators_of(session, plans)
    own = set(PlanSummary.model_fields) - {"version", *COORDINATOR_FIELDS}
    # A sync page holds up to 500 of the service's own rows, typed by their columns: not
    # validated again (the page's serialiser still writes each field by its type).
    return [
        PlanSummary.model_construct(
            **{name: getattr(plan, name) for name in own},
            **coordinators[plan.id],
            version=plan.current_version,
        )
        for plan in plans
    ]
