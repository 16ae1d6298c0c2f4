"""Agreed-service use cases: agree a service in a plan, change its terms."""

from datetime import date

from plans.models import AgreedService, Plan
from plans.schemas.agreed_services import (
    Amount,
    InformalProvider,
    OrganisationProvider,
    ServiceCreate,
    ServiceUpdate,
)
from plans.service.common import changed_fields, ensure_open, parent_plan, stage, touch
from plans.service.goals import ensure_goals_in_plan
from plans.service.views import hours_per_month
from tukiverkko_common.contracts.plans import ServiceAgreed
from tukiverkko_common.problems import invalid
from tukiverkko_common.uow import UnitOfWork


async def agree_service(*, uow: UnitOfWork, plan: Plan, data: ServiceCreate) -> AgreedService:
    """Record a service agreed in an open plan, linked to the plan's goals."""
    ensure_open(plan)
    await ensure_goals_in_plan(uow=uow, plan=plan, goal_ids=data.goal_ids)
    service = AgreedService(
        plan_id=plan.id,
        client_id=plan.client_id,
        service_type=data.service_type,
        legal_basis=data.legal_basis,
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        goal_ids=[str(g) for g in data.goal_ids],
        **_provider_columns(data.provider),
        **_amount_columns(data.amount),
    )
    uow.session.add(service)
    stage(uow, service_event(service, "agreed"))
    await uow.commit()
    return service


async def change_service(
    *, uow: UnitOfWork, service: AgreedService, data: ServiceUpdate
) -> AgreedService:
    """Change an agreed service's provider, amount, period or goals, and publish the new terms."""
    plan = await parent_plan(uow, service)
    ensure_open(plan)
    updates = data.model_dump(exclude_unset=True, exclude={"provider", "amount", "goal_ids"})
    _check_period(
        updates.get("valid_from", service.valid_from),
        updates.get("valid_until", service.valid_until),
    )
    if data.goal_ids is not None:
        await ensure_goals_in_plan(uow=uow, plan=plan, goal_ids=data.goal_ids)
        updates["goal_ids"] = [str(g) for g in data.goal_ids]
    if data.provider is not None:
        updates.update(_provider_columns(data.provider))
    if data.amount is not None:
        updates.update(_amount_columns(data.amount))
    if changed_fields(service, updates):
        touch(service)
        stage(uow, service_event(service, "changed"))
    await uow.commit()
    return service


def _check_period(valid_from: date, valid_until: date | None) -> None:
    if valid_until is not None and valid_until < valid_from:
        raise invalid("valid_until", "must not be before valid_from")


def _provider_columns(provider: OrganisationProvider | InformalProvider) -> dict:
    if isinstance(provider, OrganisationProvider):
        return {
            "provider_kind": "organisation",
            "provider_organisation_id": provider.organisation_id,
            "provider_sector": provider.sector,
            "provider_resource_card_id": provider.resource_card_id,
            "informal_relation": None,
            "informal_description": None,
        }
    return {
        "provider_kind": "informal",
        "provider_organisation_id": None,
        "provider_sector": None,
        "provider_resource_card_id": None,
        "informal_relation": provider.relation,
        "informal_description": provider.description,
    }


def _amount_columns(amount: Amount) -> dict:
    return {"amount_hours": amount.hours, "amount_per": amount.per}


def service_event(service: AgreedService, change: str) -> ServiceAgreed:
    """Return the ServiceAgreed event describing a service's current terms."""
    return ServiceAgreed(
        client_id=service.client_id,
        plan_id=service.plan_id,
        service_id=service.id,
        service_type=service.service_type,
        provider_organisation_id=service.provider_organisation_id,
        hours_per_month=hours_per_month(service),
        valid_from=service.valid_from,
        valid_until=service.valid_until,
        legal_basis=service.legal_basis,
        provider_kind=service.provider_kind,
        provider_sector=service.provider_sector,
        amount_hours=service.amount_hours,
        amount_per=service.amount_per,
        goal_ids=service.goal_ids,
        change=change,
    )
