"""Planned versus delivered client work for a Helsinki month, aggregated in SQL.

One UNION ALL feeds every figure: each phase's share of the month (minutes per month ×
days in the month, divided by the month's length afterwards so SQL stays in integers),
each formal agreed service's share (hours per week over 7 days, or per month over the
month's days, times the days covered; `valid_until` is inclusive) and the visits of the
month grouped by plan and service. The region's month groups it by plan; one
client's month reads it per component for the breakdown.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Date, Float, Integer, String, and_, case, cast, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from plans.models import AgreedService, Client, Phase, Plan, Visit
from plans.sqltypes import day_diff
from tukiverkko_common.clock import month_bounds_utc


@dataclass(frozen=True)
class Month:
    """A Helsinki calendar month: its dates, length and UTC instants."""

    label: str
    first: date
    next_first: date
    days: int
    start_utc: datetime
    end_utc: datetime

    @classmethod
    def parse(cls, label: str) -> "Month":
        """Return the month for YYYY-MM (already validated by the route)."""
        year, month = int(label[:4]), int(label[5:7])
        first = date(year, month, 1)
        next_first = date(year + (month == 12), month % 12 + 1, 1)
        start, end = month_bounds_utc(year, month)
        return cls(label, first, next_first, (next_first - first).days, start, end)


def _d(value: date) -> Any:
    return literal(value, Date)


def _phase_branch(m: Month, client_id: UUID | None) -> Any:
    start = case((Phase.started_on > _d(m.first), Phase.started_on), else_=_d(m.first))
    end = case((or_(Phase.ended_on.is_(None), Phase.ended_on > _d(m.next_first)), _d(m.next_first)), else_=Phase.ended_on)
    query = select(
        Phase.plan_id, Phase.client_id, literal("phase", String).label("kind"), Phase.id.label("ref_id"),
        (Phase.planned_minutes_per_month * day_diff(end, start)).label("phase_minute_days"),
        cast(literal(0.0), Float).label("service_minutes"), cast(literal(0), Integer).label("delivered"),
    ).where(Phase.started_on < _d(m.next_first), or_(Phase.ended_on.is_(None), Phase.ended_on > _d(m.first)))
    return query.where(Phase.client_id == client_id) if client_id else query


def _service_branch(m: Month, client_id: UUID | None) -> Any:
    s = AgreedService
    start = case((s.valid_from > _d(m.first), s.valid_from), else_=_d(m.first))
    to_month_end = or_(s.valid_until.is_(None), s.valid_until >= _d(m.next_first))
    days = case((to_month_end, day_diff(_d(m.next_first), start)), else_=day_diff(s.valid_until, start) + 1)
    per_day = case((s.amount_per == "week", s.amount_hours * 60.0 / 7.0), else_=s.amount_hours * 60.0 / m.days)
    query = select(
        s.plan_id, s.client_id, literal("service", String), s.id, cast(literal(0), Integer),
        cast(per_day * days, Float), cast(literal(0), Integer),
    ).where(
        s.provider_kind == "organisation", s.valid_from < _d(m.next_first),
        or_(s.valid_until.is_(None), and_(s.valid_until >= _d(m.first), s.valid_until >= s.valid_from)),
    )
    return query.where(s.client_id == client_id) if client_id else query


def _visit_branch(m: Month, client_id: UUID | None) -> Any:
    query = (
        select(
            Visit.plan_id, Visit.client_id, literal("visit", String), Visit.service_id, cast(literal(0), Integer),
            cast(literal(0.0), Float), cast(func.sum(Visit.minutes), Integer),
        )
        .where(Visit.occurred_at >= m.start_utc, Visit.occurred_at < m.end_utc)
        .group_by(Visit.plan_id, Visit.client_id, Visit.service_id)
    )
    return query.where(Visit.client_id == client_id) if client_id else query


def components(m: Month, client_id: UUID | None = None) -> Any:
    """Return the UNION ALL of phase, service and visit rows of the month."""
    return union_all(_phase_branch(m, client_id), _service_branch(m, client_id), _visit_branch(m, client_id)).subquery()


async def plan_totals(
    session: AsyncSession, m: Month, *, district: str | None = None, area_coordinator_id: str | None = None,
) -> list[Any]:
    """Return one row per plan with activity in the month: planned parts, delivered, coordinator, district."""
    u = components(m)
    phase_delivered = case((and_(u.c.kind == "visit", u.c.ref_id.is_(None)), u.c.delivered), else_=0)
    totals = (
        select(
            u.c.plan_id, u.c.client_id, func.sum(u.c.phase_minute_days).label("phase_minute_days"),
            func.sum(u.c.service_minutes).label("service_minutes"), func.sum(u.c.delivered).label("delivered"),
            func.sum(phase_delivered).label("phase_delivered"),
        )
        .group_by(u.c.plan_id, u.c.client_id)
        .subquery()
    )
    query = (
        select(totals, Plan.area_coordinator_id, Plan.created_at, Client.district)
        .join(Plan, Plan.id == totals.c.plan_id)
        .join(Client, Client.id == totals.c.client_id)
    )
    if district is not None:
        query = query.where(Client.district == district)
    if area_coordinator_id is not None:
        query = query.where(Plan.area_coordinator_id == area_coordinator_id)
    return list((await session.execute(query)).all())


async def client_components(session: AsyncSession, m: Month, client_id: UUID) -> list[Any]:
    """Return one client's rows of the month (each phase, service and visit group)."""
    u = components(m, client_id)
    return list((await session.execute(select(u))).all())
