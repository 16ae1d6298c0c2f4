"""Planned versus delivered client work for a Helsinki month, aggregated in SQL.

One UNION ALL feeds every figure: each phase's share of the month (minutes per month ×
days in the month, divided by the month's length afterwards so SQL stays in integers),
each formal agreed service's share (hours per week over 7 days, or per month over the
month's days, times the days covered; `valid_until` is inclusive) and the visits of the
month grouped by plan and service. The region's month groups it by plan; one client's
month reads it per component, joined with what the breakdown shows, in one round trip.

Statements are built once with bind parameters: a client-month is a hot path, and
building and cache-keying a statement of this size costs more than running it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Date,
    Float,
    Integer,
    String,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from plans.models import AgreedService, Client, Phase, Plan, Shortfall, Visit
from plans.repository.housing_networks import coordinator_filter, living_in
from tukiverkko_common.clock import helsinki_date, month_bounds_utc, utcnow
from tukiverkko_common.columns import UtcDateTime, day_diff

FIRST = bindparam("first", type_=Date)
NEXT_FIRST = bindparam("next_first", type_=Date)
DAYS = bindparam("days", type_=Float)
START = bindparam("start_utc", type_=UtcDateTime)
END = bindparam("end_utc", type_=UtcDateTime)
CLIENT = bindparam("client_id", type_=Uuid)
LABEL = bindparam("label", type_=String)
AS_OF = bindparam("as_of", type_=Date)
LEGACY_COORDINATOR: Any = col(Plan.legacy_area_coordinator_id).label("area_coordinator_id")


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

    @property
    def as_of(self) -> date:
        """The day whose housing network and coordinator the month belongs to: its last day, or today."""
        return min(helsinki_date(utcnow()), self.next_first - timedelta(days=1))

    def params(self, client_id: UUID | None = None) -> dict[str, Any]:
        """Return the bind parameters of the realisation statements."""
        values = {
            "first": self.first,
            "next_first": self.next_first,
            "days": float(self.days),
            "start_utc": self.start_utc,
            "end_utc": self.end_utc,
            "label": self.label,
            "as_of": self.as_of,
        }
        return values | ({"client_id": client_id} if client_id is not None else {})


def _extras(detailed: bool, name: Any, organisation: Any, per_month: Any, since: Any) -> list[Any]:
    """Columns only a client's breakdown needs: label, organisation, amount per month, start date."""
    if not detailed:
        return []
    # type_coerce, not CAST: SQLite's CAST(... AS DATE) would turn '2025-01-01' into 2025.
    return [
        type_coerce(name, String).label("name"),
        type_coerce(organisation, Uuid).label("organisation_id"),
        type_coerce(per_month, Integer).label("per_month"),
        type_coerce(since, Date).label("since"),
    ]


def _phase_branch(by_client: bool, detailed: bool) -> Any:
    start = case((col(Phase.started_on) > FIRST, col(Phase.started_on)), else_=FIRST)
    end = case(
        (or_(col(Phase.ended_on).is_(None), col(Phase.ended_on) > NEXT_FIRST), NEXT_FIRST),
        else_=col(Phase.ended_on),
    )
    query = select(
        col(Phase.plan_id),
        col(Phase.client_id),
        literal("phase", String).label("kind"),
        col(Phase.id).label("ref_id"),
        (col(Phase.planned_minutes_per_month) * day_diff(end, start)).label("phase_minute_days"),
        cast(literal(0.0), Float).label("service_minutes"),
        cast(literal(0), Integer).label("delivered"),
        *_extras(
            detailed,
            col(Phase.phase),
            null(),
            col(Phase.planned_minutes_per_month),
            col(Phase.started_on),
        ),
    ).where(
        col(Phase.started_on) < NEXT_FIRST,
        or_(col(Phase.ended_on).is_(None), col(Phase.ended_on) > FIRST),
    )
    return query.where(col(Phase.client_id) == CLIENT) if by_client else query


def _service_branch(by_client: bool, detailed: bool) -> Any:
    s = AgreedService
    start = case((col(s.valid_from) > FIRST, col(s.valid_from)), else_=FIRST)
    to_month_end = or_(col(s.valid_until).is_(None), col(s.valid_until) >= NEXT_FIRST)
    days = case(
        (to_month_end, day_diff(NEXT_FIRST, start)), else_=day_diff(col(s.valid_until), start) + 1
    )
    per_day = case(
        (col(s.amount_per) == "week", col(s.amount_hours) * 60.0 / 7.0),
        else_=col(s.amount_hours) * 60.0 / DAYS,
    )
    query = select(
        col(s.plan_id),
        col(s.client_id),
        literal("service", String),
        col(s.id),
        cast(literal(0), Integer),
        cast(per_day * days, Float),
        cast(literal(0), Integer),
        *_extras(
            detailed,
            col(s.service_type),
            col(s.provider_organisation_id),
            null(),
            col(s.valid_from),
        ),
    ).where(
        col(s.provider_kind) == "organisation",
        col(s.valid_from) < NEXT_FIRST,
        or_(
            col(s.valid_until).is_(None),
            and_(col(s.valid_until) >= FIRST, col(s.valid_until) >= col(s.valid_from)),
        ),
    )
    return query.where(col(s.client_id) == CLIENT) if by_client else query


def _visit_branch(by_client: bool, detailed: bool) -> Any:
    query = (
        select(
            col(Visit.plan_id),
            col(Visit.client_id),
            literal("visit", String),
            col(Visit.service_id),
            cast(literal(0), Integer),
            cast(literal(0.0), Float),
            cast(func.sum(col(Visit.minutes)), Integer),
            *_extras(detailed, null(), null(), null(), null()),
        )
        .where(col(Visit.occurred_at) >= START, col(Visit.occurred_at) < END)
        .group_by(col(Visit.plan_id), col(Visit.client_id), col(Visit.service_id))
    )
    return query.where(col(Visit.client_id) == CLIENT) if by_client else query


def components(*, by_client: bool, detailed: bool) -> Any:
    """Return the UNION ALL of phase, service and visit rows of the month."""
    branches = (f(by_client, detailed) for f in (_phase_branch, _service_branch, _visit_branch))
    return union_all(*branches).subquery("components")


@cache
def _plan_totals_statement(district: bool, coordinator: bool, network: bool) -> Any:
    u = components(by_client=False, detailed=False)
    phase_delivered = case(
        (and_(u.c.kind == "visit", u.c.ref_id.is_(None)), u.c.delivered), else_=0
    )
    totals = (
        select(
            u.c.plan_id,
            u.c.client_id,
            func.sum(u.c.phase_minute_days).label("phase_minute_days"),
            func.sum(u.c.service_minutes).label("service_minutes"),
            func.sum(u.c.delivered).label("delivered"),
            func.sum(phase_delivered).label("phase_delivered"),
        )
        .group_by(u.c.plan_id, u.c.client_id)
        .subquery("totals")
    )
    query = (
        select(totals, LEGACY_COORDINATOR, col(Plan.created_at), col(Client.district))
        .join(Plan, col(Plan.id) == totals.c.plan_id)
        .join(Client, col(Client.id) == totals.c.client_id)
    )
    if district:
        query = query.where(col(Client.district) == bindparam("district", type_=String))
    if coordinator:  # whoever coordinates the client's housing network on the month's day
        worker = bindparam("coordinator", type_=String)
        query = query.where(
            coordinator_filter(
                totals.c.client_id, col(Plan.legacy_area_coordinator_id), worker, AS_OF
            )
        )
    if network:
        network_id = bindparam("network", type_=Uuid)
        query = query.where(totals.c.client_id.in_(living_in(network_id, AS_OF)))
    return query


async def plan_totals(
    session: AsyncSession,
    m: Month,
    *,
    district: str | None = None,
    area_coordinator_id: str | None = None,
    network_id: UUID | None = None,
) -> list[Any]:
    """Return one row per plan with activity in the month: planned parts, delivered, legacy coordinator, district."""
    statement = _plan_totals_statement(
        district is not None, area_coordinator_id is not None, network_id is not None
    )
    params = m.params() | {
        "district": district,
        "coordinator": area_coordinator_id,
        "network": network_id,
    }
    connection = await session.connection()  # Core execution: no ORM bookkeeping for report rows
    return list((await connection.execute(statement, params)).all())


@cache
def _client_statement() -> Any:
    u = components(by_client=True, detailed=True)
    raised = exists().where(col(Shortfall.client_id) == CLIENT, col(Shortfall.month) == LABEL)
    return (
        select(
            u,
            LEGACY_COORDINATOR,
            col(Plan.created_at),
            col(Client.district),
            raised.label("raised"),
        )
        .join(Plan, col(Plan.id) == u.c.plan_id)
        .join(Client, col(Client.id) == u.c.client_id)
    )


async def client_components(session: AsyncSession, m: Month, client_id: UUID) -> list[Any]:
    """Return one client's rows of the month (each phase, service and visit group) with their details."""
    connection = await session.connection()
    return list((await connection.execute(_client_statement(), m.params(client_id))).all())
