"""One client's month with its breakdown, and an area coordinator's shortfall list."""

from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from plans.config import PlansSettings
from plans.models import AgreedService
from plans.repository import housing_networks as housing_repo
from plans.repository import realisation as repo
from plans.repository.common import by_ids
from plans.repository.realisation import Month
from plans.schemas.realisation import (
    ClientRealisation,
    ComponentRow,
    PhasePortion,
    ServicePortion,
    ShortfallList,
    ShortfallRow,
)
from plans.service.realisation import client_row, component_row, month_rows
from plans.service.realisation_calc import PHASE_WORK, Component, realise
from tukiverkko_common.clock import utcnow


async def client_month(
    *, session: AsyncSession, settings: PlansSettings, month: Month, client_id: UUID
) -> ClientRealisation | None:
    """Return a client's month with phase and service breakdown; None when the month has nothing."""
    parts = await repo.month_parts(session, month, client_id=client_id)
    found = realise(parts, month)
    if not found:
        return None
    cm = found[0]
    await _describe_unplanned(session, cm.components)
    housed = await housing_repo.assignments(session, month.as_of, [client_id])
    row = client_row(cm, settings, month, housed.get(client_id))
    threshold = row.threshold
    components = [component_row(c, threshold) for c in cm.components]
    phase_work = [c for c in cm.components if c.kind == PHASE_WORK]
    raised = await repo.raised_shortfalls(session, month.label)
    return ClientRealisation(
        **row.model_dump(exclude={"short_items"}),
        short_items=row.short_items,
        month_complete=utcnow() >= month.end_utc,
        shortfall_event_raised=client_id in raised,
        phase_planned_minutes=round(sum(c.planned for c in phase_work)),
        phase_delivered_minutes=sum(c.delivered for c in phase_work),
        phases=_phase_portions(phase_work),
        services=_service_portions(components),
        components=components,
    )


async def _describe_unplanned(session: AsyncSession, components: list[Component]) -> None:
    """Name the services delivered outside their agreed period (the month's rows lack them)."""
    missing = [c.service_id for c in components if c.service_id and c.about is None]
    found = {s.id: s for s in await by_ids(session, AgreedService, missing)}
    for c in components:
        if c.service_id in found:
            c.about = found[c.service_id]


def _phase_portions(phase_work: list[Component]) -> list[PhasePortion]:
    parts = sorted((p for c in phase_work for p in c.phases), key=lambda p: (p.since, p.version))
    return [
        PhasePortion(
            phase_id=p.phase_id,
            phase=p.phase,
            plan_version=p.version,
            days=p.days,
            planned_minutes=round(p.minutes),
        )
        for p in parts
    ]


def _service_portions(components: list[ComponentRow]) -> list[ServicePortion]:
    return [
        ServicePortion(
            service_id=c.service_id,
            service_type=c.service_type or "",
            provider_organisation_id=c.provider_organisation_id,
            planned_minutes=c.planned_minutes,
            delivered_minutes=c.delivered_minutes,
        )
        for c in components
        if c.service_id is not None
    ]


async def coordinator_shortfalls(
    *,
    session: AsyncSession,
    settings: PlansSettings,
    month: Month,
    area_coordinator_id: str | None = None,
    network_id: UUID | None = None,
) -> ShortfallList:
    """Return the coordinator's (or the housing network's) clients whose month falls short,
    naming each short service or phase's client work and its producer, and whether the event
    was raised."""
    rows = await month_rows(
        session=session,
        settings=settings,
        month=month,
        area_coordinator_id=area_coordinator_id,
        network_id=network_id,
    )
    raised = await repo.raised_shortfalls(session, month.label)
    return ShortfallList(
        area_coordinator_id=area_coordinator_id,
        housing_network_id=network_id,
        month=month.label,
        threshold=settings.shortfall_threshold,
        month_complete=utcnow() >= month.end_utc,
        items=[
            ShortfallRow(**r.model_dump(), event_raised=r.client_id in raised)
            for r in rows
            if r.shortfall
        ],
    )
