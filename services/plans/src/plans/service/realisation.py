"""Realisation: planned versus delivered client work per client-month, and shortfall detection.

What is planned, and how a part is judged, is in `realisation_calc`. Detection runs when a
month is closed: `POST /api/v1/realisation/{month}/close` (idempotent, allowed once the
Helsinki month is over), which the worker loop also calls by itself from day
`auto_close_after_day` of the following month. Each client-month raises
RealisationShortfallDetected at most once (a unique row per client and month guards it),
naming every agreed service and phase's client work that fell short; closing again later
evaluates late-logged visits but never repeats an event.
"""

from datetime import date
from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from plans.codes import PHASE_ORDER
from plans.config import PlansSettings
from plans.models import ClosedMonth, Shortfall
from plans.repository import housing_networks as housing_repo
from plans.repository import realisation as repo
from plans.repository.housing_networks import Assignment
from plans.repository.realisation import Month
from plans.schemas.realisation import (
    ComponentRow,
    MonthClosed,
    NetworkPhaseRow,
    RealisationRow,
    RegionRealisation,
    VersionShare,
)
from plans.service.common import stage
from plans.service.realisation_calc import ClientMonth, Component, is_short, realise
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.plans import RealisationShortfallDetected, ShortItem
from tukiverkko_common.problems import conflict
from tukiverkko_common.uow import UnitOfWork


def figures(planned: int, delivered: int, short: bool) -> dict[str, Any]:
    """Return hours, ratio and the shortfall flag for planned and delivered minutes."""
    return {
        "planned_minutes": planned,
        "delivered_minutes": delivered,
        "planned_hours": round(planned / 60, 2),
        "delivered_hours": round(delivered / 60, 2),
        "ratio": round(delivered / planned, 4) if planned else None,
        "shortfall": short,
    }


def component_row(c: Component, threshold: float) -> ComponentRow:
    """Return a component's figures, its producer and the versions that planned it."""
    planned = round(c.planned)
    about = c.about
    return ComponentRow.model_construct(  # trusted figures: thousands per region month
        kind=c.kind,
        plan_id=c.plan_id,
        service_id=c.service_id,
        service_type=about.service_type if about else None,
        provider_organisation_id=about.provider_organisation_id if about else None,
        provider_sector=about.provider_sector if about else None,
        phases=list(dict.fromkeys(p.phase for p in c.phases)),
        planned_minutes=planned,
        delivered_minutes=c.delivered,
        ratio=round(c.delivered / planned, 4) if planned else None,
        shortfall=is_short(planned, c.delivered, threshold),
        planned_by_version=[
            VersionShare.model_construct(
                plan_id=c.plan_id, version=v, planned_minutes=round(minutes)
            )
            for v, minutes in sorted(c.by_version.items())
        ],
    )


def coordinator_of(housed: Assignment | None, legacy: str | None) -> dict[str, Any]:
    """Return a row's coordinator and network: the housing network's, else the plan's legacy value."""
    if housed is None:
        return {"area_coordinator_id": legacy, "housing_network_id": None}
    return {"area_coordinator_id": housed.worker_id, "housing_network_id": housed.network_id}


def client_row(
    cm: ClientMonth, settings: PlansSettings, month: Month, housed: Assignment | None
) -> RealisationRow:
    """Return a client's month: totals, and the parts that fell short."""
    threshold = settings.threshold(cm.plan.region)
    rows = [component_row(c, threshold) for c in cm.components]
    short = [r for r in rows if r.shortfall]
    planned = round(sum(c.planned for c in cm.components))
    return RealisationRow.model_construct(
        client_id=cm.client_id,
        plan_id=cm.plan.plan_id,
        month=month.label,
        **coordinator_of(housed, cm.plan.legacy_area_coordinator_id),
        phase=phase_on(cm, month.as_of),
        district=cm.plan.district,
        threshold=threshold,
        days_in_month=month.days,
        short_items=short,
        **figures(planned, sum(c.delivered for c in cm.components), bool(short)),
    )


def phase_on(cm: ClientMonth, day: date) -> str | None:
    """Return the client's phase on `day`: the latest to start by then (a new phase ends the last)."""
    parts = [p for c in cm.components for p in c.phases if p.since <= day]
    return max(parts, key=lambda p: p.since).phase if parts else None


def breakdown(items: list[RealisationRow]) -> list[NetworkPhaseRow]:
    """Return the month per housing network and phase (networks by id, phases in their order)."""
    groups: dict[tuple[UUID | None, str | None], list[RealisationRow]] = {}
    for item in items:
        groups.setdefault((item.housing_network_id, item.phase), []).append(item)

    def order(key: tuple[UUID | None, str | None]) -> tuple[bool, str, int]:
        network, phase = key
        rank = PHASE_ORDER.index(phase) if phase in PHASE_ORDER else len(PHASE_ORDER)
        return network is None, str(network), rank

    result = []
    for network, phase in sorted(groups, key=order):
        rows = groups[(network, phase)]
        planned = sum(r.planned_minutes for r in rows)
        delivered = sum(r.delivered_minutes for r in rows)
        result.append(
            NetworkPhaseRow(
                housing_network_id=network,
                phase=phase,
                clients=len(rows),
                planned_minutes=planned,
                delivered_minutes=delivered,
                planned_hours=round(planned / 60, 2),
                delivered_hours=round(delivered / 60, 2),
                shortfalls=sum(r.shortfall for r in rows),
            )
        )
    return result


async def month_rows(
    *,
    session: AsyncSession,
    settings: PlansSettings,
    month: Month,
    district: str | None = None,
    area_coordinator_id: str | None = None,
    network_id: UUID | None = None,
) -> list[RealisationRow]:
    """Return each client's month (the arithmetic is in realisation_calc)."""
    parts = await repo.month_parts(
        session,
        month,
        district=district,
        area_coordinator_id=area_coordinator_id,
        network_id=network_id,
    )
    months = realise(parts, month)
    housed = await housing_repo.assignments(session, month.as_of, [cm.client_id for cm in months])
    return [client_row(cm, settings, month, housed.get(cm.client_id)) for cm in months]


async def region_month(
    *,
    session: AsyncSession,
    settings: PlansSettings,
    month: Month,
    district: str | None,
    area_coordinator_id: str | None,
) -> RegionRealisation:
    """Return the region's month with totals."""
    items = await month_rows(
        session=session,
        settings=settings,
        month=month,
        district=district,
        area_coordinator_id=area_coordinator_id,
    )
    planned = sum(i.planned_minutes for i in items)
    delivered = sum(i.delivered_minutes for i in items)
    return RegionRealisation(
        month=month.label,
        threshold=settings.shortfall_threshold,
        month_complete=utcnow() >= month.end_utc,
        clients=len(items),
        planned_minutes=planned,
        delivered_minutes=delivered,
        ratio=round(delivered / planned, 4) if planned else None,
        shortfalls=sum(i.shortfall for i in items),
        breakdown=breakdown(items),
        items=items,
    )


async def close_month(*, uow: UnitOfWork, settings: PlansSettings, month: Month) -> MonthClosed:
    """Evaluate a finished month; raise RealisationShortfallDetected once per client-month."""
    if utcnow() < month.end_utc:
        raise conflict("month-not-over", f"{month.label} is not over in Europe/Helsinki yet")
    rows = await month_rows(session=uow.session, settings=settings, month=month)
    known = await repo.raised_shortfalls(uow.session, month.label)
    new = [r for r in rows if r.shortfall and r.client_id not in known]
    for row in new:
        _detect(uow, row)
    shortfalls = sum(r.shortfall for r in rows)
    closed = await uow.session.get(ClosedMonth, month.label)
    if closed is None:
        closed = ClosedMonth(
            month=month.label, closed_at=utcnow(), clients_evaluated=0, shortfalls=0
        )
        uow.session.add(closed)
    closed.closed_at, closed.clients_evaluated, closed.shortfalls = utcnow(), len(rows), shortfalls
    await uow.commit()
    return MonthClosed(
        month=month.label,
        clients_evaluated=len(rows),
        shortfalls=shortfalls,
        newly_detected=len(new),
    )


def short_item(row: ComponentRow) -> ShortItem:
    """Return the event's view of a short part: ids, codes and minutes only."""
    return ShortItem(
        kind=row.kind,
        plan_id=row.plan_id,
        service_id=row.service_id,
        service_type=row.service_type,
        provider_organisation_id=row.provider_organisation_id,
        provider_sector=row.provider_sector,
        phases=row.phases,
        plan_versions=[v.version for v in row.planned_by_version],
        planned_minutes=row.planned_minutes,
        delivered_minutes=row.delivered_minutes,
        ratio=row.ratio or 0.0,
    )


def _detect(uow: UnitOfWork, row: RealisationRow) -> None:
    items = [short_item(r) for r in row.short_items]
    event = RealisationShortfallDetected(
        client_id=row.client_id,
        plan_id=row.plan_id,
        month=row.month,
        planned_minutes=row.planned_minutes,
        delivered_minutes=row.delivered_minutes,
        ratio=row.ratio or 0.0,
        threshold=row.threshold,
        area_coordinator_id=row.area_coordinator_id,
        district=row.district,
        short_items=items,
    )
    envelope = stage(uow, event)
    uow.session.add(
        Shortfall(
            client_id=row.client_id,
            plan_id=row.plan_id,
            month=row.month,
            planned_minutes=row.planned_minutes,
            delivered_minutes=row.delivered_minutes,
            ratio=row.ratio or 0.0,
            threshold=row.threshold,
            area_coordinator_id=row.area_coordinator_id,
            event_id=envelope.id,
            short_items=[i.model_dump(mode="json") for i in items],
        )
    )
