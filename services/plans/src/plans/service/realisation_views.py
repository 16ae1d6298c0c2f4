"""One client's month with its breakdown, and an area coordinator's shortfall list."""

from uuid import UUID

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from plans.config import PlansSettings
from plans.models import AgreedService, Client, Phase, Plan, Shortfall
from plans.repository import realisation as repo
from plans.repository.common import by_ids
from plans.repository.realisation import Month
from plans.schemas.realisation import ClientRealisation, PhasePortion, ServicePortion, ShortfallRow, ShortfallList
from plans.service.realisation import Tally, figures, month_rows
from tukiverkko_common.clock import utcnow


async def client_month(*, session: AsyncSession, settings: PlansSettings, month: Month, client_id: UUID) -> ClientRealisation | None:
    """Return a client's month with phase and service breakdown; None when the month has nothing."""
    rows = await repo.client_components(session, month, client_id)
    if not rows:
        return None
    tally = Tally()
    for row in rows:
        tally.add(row)
    phases = {p.id: p for p in await by_ids(session, Phase, [r.ref_id for r in rows if r.kind == "phase"])}
    service_ids = {r.ref_id for r in rows if r.kind != "phase" and r.ref_id is not None}
    services = {s.id: s for s in await by_ids(session, AgreedService, list(service_ids))}
    plans = await by_ids(session, Plan, list({r.plan_id for r in rows}))
    plan = max(plans, key=lambda p: p.created_at)
    phase_delivered = sum(int(r.delivered) for r in rows if r.kind == "visit" and r.ref_id is None)
    raised = await session.exec(select(Shortfall.id).where(Shortfall.client_id == client_id, Shortfall.month == month.label))
    return ClientRealisation(
        client_id=client_id, plan_id=plan.id, month=month.label, area_coordinator_id=plan.area_coordinator_id,
        district=await _district(session, client_id), threshold=settings.shortfall_threshold,
        month_complete=utcnow() >= month.end_utc, shortfall_event_raised=raised.first() is not None,
        phase_planned_minutes=round(tally.phase_minute_days / month.days), phase_delivered_minutes=phase_delivered,
        phases=_phase_portions(rows, phases, month), services=_service_portions(rows, services),
        **figures(tally.planned(month), tally.delivered, settings.shortfall_threshold),
    )


async def _district(session: AsyncSession, client_id: UUID) -> str | None:
    client = await session.get(Client, client_id)
    return client.district if client else None


def _phase_portions(rows: list, phases: dict, month: Month) -> list[PhasePortion]:
    portions = []
    for row in rows:
        if row.kind == "phase":
            phase = phases[row.ref_id]
            days = int(row.phase_minute_days) // phase.planned_minutes_per_month if phase.planned_minutes_per_month else 0
            portions.append(PhasePortion(phase_id=phase.id, phase=phase.phase, days=days,
                                         planned_minutes=round(int(row.phase_minute_days) / month.days)))
    return sorted(portions, key=lambda p: phases[p.phase_id].started_on)


def _service_portions(rows: list, services: dict) -> list[ServicePortion]:
    planned: dict[UUID, float] = {}
    delivered: dict[UUID, int] = {}
    for row in rows:
        if row.kind == "service":
            planned[row.ref_id] = planned.get(row.ref_id, 0.0) + float(row.service_minutes)
        elif row.kind == "visit" and row.ref_id is not None:
            delivered[row.ref_id] = delivered.get(row.ref_id, 0) + int(row.delivered)
    return [
        ServicePortion(service_id=sid, service_type=services[sid].service_type,
                       provider_organisation_id=services[sid].provider_organisation_id,
                       planned_minutes=round(planned.get(sid, 0.0)), delivered_minutes=delivered.get(sid, 0))
        for sid in sorted(set(planned) | set(delivered))
    ]


async def coordinator_shortfalls(
    *, session: AsyncSession, settings: PlansSettings, month: Month, area_coordinator_id: str
) -> ShortfallList:
    """Return the clients on the coordinator's plans whose month falls short, and whether the event was raised."""
    rows = await month_rows(session=session, settings=settings, month=month, area_coordinator_id=area_coordinator_id)
    short = [r for r in rows if r.shortfall]
    raised = set((await session.exec(select(Shortfall.client_id).where(Shortfall.month == month.label))).all())
    return ShortfallList(
        area_coordinator_id=area_coordinator_id, month=month.label, threshold=settings.shortfall_threshold,
        month_complete=utcnow() >= month.end_utc,
        items=[ShortfallRow(**r.model_dump(), event_raised=r.client_id in raised) for r in short],
    )
