"""Realisation: planned versus delivered client work per client-month, and shortfall detection.

Detection runs when a month is closed: `POST /api/v1/realisation/{month}/close` (idempotent,
allowed once the Helsinki month is over), which the worker loop also calls by itself from
day `auto_close_after_day` of the following month. Each client-month raises
RealisationShortfallDetected at most once (a unique row per client and month guards it);
closing again later evaluates late-logged visits but never repeats an event.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from plans.config import PlansSettings
from plans.models import ClosedMonth, Shortfall
from plans.repository import housing_networks as housing_repo
from plans.repository import realisation as repo
from plans.repository.housing_networks import Assignment
from plans.repository.realisation import Month
from plans.schemas.realisation import MonthClosed, RealisationRow, RegionRealisation
from plans.service.common import stage
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.plans import RealisationShortfallDetected
from tukiverkko_common.problems import conflict
from tukiverkko_common.uow import UnitOfWork


@dataclass
class Tally:
    """Running sums for one client; rounding happens once, at the end."""

    phase_minute_days: int = 0
    service_minutes: float = 0.0
    delivered: int = 0
    phase_delivered: int = 0
    plan: Any = None

    def add(self, row: Any) -> None:
        """Add one plan's (or one component's) figures."""
        self.phase_minute_days += int(row.phase_minute_days or 0)
        self.service_minutes += float(row.service_minutes or 0)
        self.delivered += int(row.delivered or 0)
        self.phase_delivered += int(getattr(row, "phase_delivered", 0) or 0)

    def planned(self, m: Month) -> int:
        """Return planned minutes: phase shares over the month's days plus service shares."""
        return round(self.phase_minute_days / m.days + self.service_minutes)


def figures(planned: int, delivered: int, threshold: float) -> dict[str, Any]:
    """Return hours, ratio and the shortfall flag for planned and delivered minutes."""
    ratio = round(delivered / planned, 4) if planned else None
    return {
        "planned_minutes": planned,
        "delivered_minutes": delivered,
        "planned_hours": round(planned / 60, 2),
        "delivered_hours": round(delivered / 60, 2),
        "ratio": ratio,
        "shortfall": ratio is not None and ratio < threshold,
    }


def coordinator_of(housed: Assignment | None, legacy: str | None) -> dict[str, Any]:
    """Return a row's coordinator and network: the housing network's, else the plan's legacy value."""
    if housed is None:
        return {"area_coordinator_id": legacy, "housing_network_id": None}
    return {"area_coordinator_id": housed.worker_id, "housing_network_id": housed.network_id}


def _fold(rows: list[Any]) -> dict[UUID, Tally]:
    tallies: dict[UUID, Tally] = {}
    for row in rows:
        tally = tallies.setdefault(row.client_id, Tally())
        tally.add(row)
        if tally.plan is None or row.created_at > tally.plan.created_at:
            tally.plan = row
    return tallies


async def month_rows(
    *,
    session: AsyncSession,
    settings: PlansSettings,
    month: Month,
    district: str | None = None,
    area_coordinator_id: str | None = None,
    network_id: UUID | None = None,
) -> list[RealisationRow]:
    """Return each client's month (SQL aggregates per plan; a client's plans are summed here)."""
    rows = await repo.plan_totals(
        session,
        month,
        district=district,
        area_coordinator_id=area_coordinator_id,
        network_id=network_id,
    )
    tallies = _fold(rows)
    housed = await housing_repo.assignments(session, month.as_of, list(tallies))
    return [  # trusted figures: construct without re-validating 5,000 rows
        RealisationRow.model_construct(
            client_id=client_id,
            plan_id=t.plan.plan_id,
            month=month.label,
            **coordinator_of(housed.get(client_id), t.plan.area_coordinator_id),
            district=t.plan.district,
            **figures(t.planned(month), t.delivered, settings.shortfall_threshold),
        )
        for client_id, t in sorted(tallies.items())
    ]


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
        items=items,
    )


async def close_month(*, uow: UnitOfWork, settings: PlansSettings, month: Month) -> MonthClosed:
    """Evaluate a finished month; raise RealisationShortfallDetected once per client-month."""
    if utcnow() < month.end_utc:
        raise conflict("month-not-over", f"{month.label} is not over in Europe/Helsinki yet")
    rows = await month_rows(session=uow.session, settings=settings, month=month)
    known = set(
        (
            await uow.session.exec(
                select(Shortfall.client_id).where(Shortfall.month == month.label)
            )
        ).all()
    )
    new = [r for r in rows if r.shortfall and r.client_id not in known]
    for row in new:
        _detect(uow, settings, row)
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


def _detect(uow: UnitOfWork, settings: PlansSettings, row: RealisationRow) -> None:
    event = RealisationShortfallDetected(
        client_id=row.client_id,
        plan_id=row.plan_id,
        month=row.month,
        planned_minutes=row.planned_minutes,
        delivered_minutes=row.delivered_minutes,
        ratio=row.ratio or 0.0,
        threshold=settings.shortfall_threshold,
        area_coordinator_id=row.area_coordinator_id,
        district=row.district,
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
            threshold=settings.shortfall_threshold,
            area_coordinator_id=row.area_coordinator_id,
            event_id=envelope.id,
        )
    )
