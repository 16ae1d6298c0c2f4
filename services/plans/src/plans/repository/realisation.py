"""What a Helsinki month's realisation is computed from, read in a few flat queries.

For the month (optionally one client, district, area coordinator or housing network) it reads the phases and
formal agreed services that overlap the month, the delivered minutes grouped by plan and
service, the plans that have any of them, and those plans' approved versions. The
arithmetic (approval windows, days, the one weekly-to-monthly rule) is done by
`plans.service.realisation_calc`, which is easier to read and check than SQL date maths.

Statements are built once per filter combination with bind parameters: a client-month is a
hot path, and building and cache-keying statements costs more than running them.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import Date, String, Uuid, bindparam, func, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from plans.amounts import days_in_month
from plans.models import AgreedService, Client, Phase, Plan, PlanVersion, Shortfall, Visit
from plans.repository.housing_networks import coordinator_filter, living_in
from tukiverkko_common.clock import helsinki_date, month_bounds_utc, utcnow
from tukiverkko_common.columns import UtcDateTime

FIRST = bindparam("first", type_=Date)
NEXT_FIRST = bindparam("next_first", type_=Date)
START = bindparam("start_utc", type_=UtcDateTime)
END = bindparam("end_utc", type_=UtcDateTime)
CLIENT = bindparam("client_id", type_=Uuid)
DISTRICT = bindparam("district", type_=String)
COORDINATOR = bindparam("coordinator", type_=String)
NETWORK = bindparam("network", type_=Uuid)
AS_OF = bindparam("as_of", type_=Date)


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
        return cls(label, first, next_first, days_in_month(first), start, end)

    @property
    def as_of(self) -> date:
        """The day whose housing network and coordinator the month belongs to: its last day, or today."""
        return min(helsinki_date(utcnow()), self.next_first - timedelta(days=1))

    def params(self, **filters: Any) -> dict[str, Any]:
        """Return the bind parameters of the month's statements."""
        return {
            "first": self.first,
            "next_first": self.next_first,
            "start_utc": self.start_utc,
            "end_utc": self.end_utc,
            "as_of": self.as_of,
            **filters,
        }


@dataclass(frozen=True)
class Filters:
    """Which of the optional narrowings a statement carries."""

    client: bool = False
    district: bool = False
    coordinator: bool = False
    network: bool = False


@dataclass(frozen=True)
class MonthParts:
    """Raw rows of a month: plans, approvals, phases, services and delivered minutes."""

    plans: list[Any]
    approvals: list[Any]
    phases: list[Any]
    services: list[Any]
    delivered: list[Any]


def _narrow(query: Any, model: Any, f: Filters) -> Any:
    if f.client:
        query = query.where(col(model.client_id) == CLIENT)
    if f.district:
        query = query.where(
            col(model.client_id).in_(select(col(Client.id)).where(col(Client.district) == DISTRICT))
        )
    if f.coordinator:  # whoever coordinates the client's housing network on the month's day
        coordinated = coordinator_filter(
            col(Plan.client_id), col(Plan.legacy_area_coordinator_id), COORDINATOR, AS_OF
        )
        query = query.where(col(model.plan_id).in_(select(col(Plan.id)).where(coordinated)))
    if f.network:
        query = query.where(col(model.client_id).in_(living_in(NETWORK, AS_OF)))
    return query


def _phases(f: Filters) -> Any:
    query = select(
        col(Phase.id),
        col(Phase.plan_id),
        col(Phase.client_id),
        col(Phase.phase),
        col(Phase.started_on),
        col(Phase.ended_on),
        col(Phase.planned_minutes_per_month),
    ).where(
        col(Phase.started_on) < NEXT_FIRST,
        or_(col(Phase.ended_on).is_(None), col(Phase.ended_on) > FIRST),
    )
    return _narrow(query, Phase, f)


def _services(f: Filters) -> Any:
    s = AgreedService
    query = select(
        col(s.id),
        col(s.plan_id),
        col(s.client_id),
        col(s.service_type),
        col(s.provider_organisation_id),
        col(s.provider_sector),
        col(s.amount_hours),
        col(s.amount_per),
        col(s.valid_from),
        col(s.valid_until),
    ).where(
        col(s.provider_kind) == "organisation",  # informal support is planned, not delivered work
        col(s.valid_from) < NEXT_FIRST,
        or_(col(s.valid_until).is_(None), col(s.valid_until) >= FIRST),
    )
    return _narrow(query, s, f)


def _delivered(f: Filters) -> Any:
    query = (
        select(
            col(Visit.plan_id),
            col(Visit.client_id),
            col(Visit.service_id),
            func.sum(col(Visit.minutes)).label("minutes"),
        )
        .where(col(Visit.occurred_at) >= START, col(Visit.occurred_at) < END)
        .group_by(col(Visit.plan_id), col(Visit.client_id), col(Visit.service_id))
    )
    return _narrow(query, Visit, f)


def _plan_ids(f: Filters) -> Any:
    return union(
        *(q.with_only_columns(q.selected_columns[1]) for q in (_phases(f), _services(f))),
        _delivered(f).with_only_columns(col(Visit.plan_id)),
    ).subquery("month_plans")


@cache
def _statements(f: Filters) -> tuple[Any, ...]:
    ids = select(_plan_ids(f).c[0])
    plans: Any = (
        select(
            col(Plan.id).label("plan_id"),
            col(Plan.client_id),
            col(Plan.legacy_area_coordinator_id),
            col(Plan.created_at),
            col(Client.district),
            col(Client.region),
        )
        .join(Client, col(Client.id) == col(Plan.client_id))
        .where(col(Plan.id).in_(ids))
    )
    approvals = (
        select(col(PlanVersion.plan_id), col(PlanVersion.version), col(PlanVersion.approved_at))
        .where(col(PlanVersion.approved_at).is_not(None), col(PlanVersion.plan_id).in_(ids))
        .order_by(col(PlanVersion.plan_id), col(PlanVersion.version))
    )
    return plans, approvals, _phases(f), _services(f), _delivered(f)


async def month_parts(
    session: AsyncSession,
    m: Month,
    *,
    client_id: UUID | None = None,
    district: str | None = None,
    area_coordinator_id: str | None = None,
    network_id: UUID | None = None,
) -> MonthParts:
    """Return the month's raw rows, narrowed to a client, district, coordinator or housing network."""
    f = Filters(
        client_id is not None,
        district is not None,
        area_coordinator_id is not None,
        network_id is not None,
    )
    params = m.params(
        client_id=client_id,
        district=district,
        coordinator=area_coordinator_id,
        network=network_id,
    )
    connection = await session.connection()  # Core execution: no ORM bookkeeping for report rows
    results = [list((await connection.execute(s, params)).all()) for s in _statements(f)]
    return MonthParts(*results)


async def raised_shortfalls(session: AsyncSession, month: str) -> set[UUID]:
    """Return the clients whose shortfall event for the month was already raised."""
    query = select(col(Shortfall.client_id)).where(col(Shortfall.month) == month)
    return set((await session.execute(query)).scalars().all())
