"""One client's month with its breakdown, and an area coordinator's shortfall list."""

from uuid import UUID

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from plans.config import PlansSettings
from plans.models import AgreedService, Shortfall
from plans.repository import housing_networks as housing_repo
from plans.repository import realisation as repo
from plans.repository.common import by_ids
from plans.repository.realisation import Month
from plans.schemas.realisation import (
    ClientRealisation,
    PhasePortion,
    ServicePortion,
    ShortfallList,
    ShortfallRow,
)
from plans.service.realisation import Tally, coordinator_of, figures, month_rows
from tukiverkko_common.clock import utcnow


async def client_month(
    *, session: AsyncSession, settings: PlansSettings, month: Month, client_id: UUID
) -> ClientRealisation | None:
    """Return a client's month with phase and service breakdown; None when the month has nothing."""
    rows = await repo.client_components(session, month, client_id)
    if not rows:
        return None
    tally = Tally()
    for row in rows:
        tally.add(row)
    latest = max(rows, key=lambda r: r.created_at)
    housed = await housing_repo.assignments(session, month.as_of, [client_id])
    phase_delivered = sum(int(r.delivered) for r in rows if r.kind == "visit" and r.ref_id is None)
    return ClientRealisation(
        client_id=client_id,
        plan_id=latest.plan_id,
        month=month.label,
        **coordinator_of(housed.get(client_id), latest.area_coordinator_id),
        district=latest.district,
        threshold=settings.shortfall_threshold,
        month_complete=utcnow() >= month.end_utc,
        shortfall_event_raised=bool(latest.raised),
        phase_delivered_minutes=phase_delivered,
        phase_planned_minutes=round(tally.phase_minute_days / month.days),
        phases=_phase_portions(rows, month),
        services=await _service_portions(session, rows),
        **figures(tally.planned(month), tally.delivered, settings.shortfall_threshold),
    )


def _phase_portions(rows: list, month: Month) -> list[PhasePortion]:
    phases = sorted((r for r in rows if r.kind == "phase"), key=lambda r: r.since)
    return [
        PhasePortion(
            phase_id=r.ref_id,
            phase=r.name,
            days=int(r.phase_minute_days) // r.per_month if r.per_month else 0,
            planned_minutes=round(int(r.phase_minute_days) / month.days),
        )
        for r in phases
    ]


async def _service_portions(session: AsyncSession, rows: list) -> list[ServicePortion]:
    planned: dict[UUID, float] = {}
    delivered: dict[UUID, int] = {}
    about: dict[UUID, tuple[str, UUID | None]] = {}
    for row in rows:
        if row.kind == "service":
            planned[row.ref_id] = planned.get(row.ref_id, 0.0) + float(row.service_minutes)
            about[row.ref_id] = (row.name, row.organisation_id)
        elif row.kind == "visit" and row.ref_id is not None:
            delivered[row.ref_id] = delivered.get(row.ref_id, 0) + int(row.delivered)
    unplanned = [
        sid for sid in delivered if sid not in about
    ]  # delivered outside the agreed period
    for service in await by_ids(session, AgreedService, unplanned):
        about[service.id] = (service.service_type, service.provider_organisation_id)
    return [
        ServicePortion(
            service_id=sid,
            service_type=about[sid][0],
            provider_organisation_id=about[sid][1],
            planned_minutes=round(planned.get(sid, 0.0)),
            delivered_minutes=delivered.get(sid, 0),
        )
        for sid in sorted(set(planned) | set(delivered))
    ]


async def coordinator_shortfalls(
    *,
    session: AsyncSession,
    settings: PlansSettings,
    month: Month,
    area_coordinator_id: str | None = None,
    network_id: UUID | None = None,
) -> ShortfallList:
    """Return the coordinator's (or the network's) clients whose month falls short, and whether the event was raised."""
    rows = await month_rows(
        session=session,
        settings=settings,
        month=month,
        area_coordinator_id=area_coordinator_id,
        network_id=network_id,
    )
    short = [r for r in rows if r.shortfall]
    raised = set(
        (
            await session.exec(select(Shortfall.client_id).where(Shortfall.month == month.label))
        ).all()
    )
    return ShortfallList(
        area_coordinator_id=area_coordinator_id,
        housing_network_id=network_id,
        month=month.label,
        threshold=settings.shortfall_threshold,
        month_complete=utcnow() >= month.end_utc,
        items=[ShortfallRow(**r.model_dump(), event_raised=r.client_id in raised) for r in short],
    )
