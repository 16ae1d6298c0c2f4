"""The realisation arithmetic: what each approved plan version plans, per agreed service and phase.

- Only approved versions plan. A plan's first approved version plans until the next version is
  approved; each later one from the Helsinki day of its approval. A plan never approved (a
  draft) plans nothing.
- Days are Helsinki calendar days; a phase or service that covers part of the month plans its
  share pro rata by days (`valid_until` inclusive, `ended_on` exclusive).
- Amounts become monthly by the one rule of `plans.amounts` (days of the month / 7 for weeks).
- Each agreed service, and each plan's phase client work (visits logged without a service), is
  judged on its own: one producer's over-delivery never hides another's shortfall.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal
from uuid import UUID

from plans.amounts import minutes_per_day
from plans.repository.realisation import Month, MonthParts
from tukiverkko_common.clock import helsinki_date

Kind = Literal["service", "phase_work"]
PHASE_WORK: Kind = "phase_work"
SERVICE: Kind = "service"


@dataclass(frozen=True)
class Window:
    """Days [start, end) an approved version plans; None is open-ended."""

    version: int
    start: date | None
    end: date | None


@dataclass
class PhasePart:
    """The days of one phase that one approved version plans in the month."""

    phase_id: UUID
    phase: str
    version: int
    days: int
    minutes: float
    since: date


@dataclass
class Component:
    """An agreed service, or a plan's phase client work, with its month's figures."""

    kind: Kind
    plan_id: UUID
    service_id: UUID | None = None
    about: Any = None
    planned: float = 0.0
    delivered: int = 0
    by_version: dict[int, float] = field(default_factory=dict)
    phases: list[PhasePart] = field(default_factory=list)

    def plan(self, version: int, minutes: float) -> None:
        """Add minutes planned by one approved version."""
        self.planned += minutes
        self.by_version[version] = self.by_version.get(version, 0.0) + minutes


@dataclass
class ClientMonth:
    """One client's month: the latest plan's header row and every component."""

    client_id: UUID
    plan: Any
    components: list[Component]


def windows(approvals: list[Any]) -> dict[UUID, list[Window]]:
    """Return each plan's approval windows from its approved versions (in version order)."""
    found: dict[UUID, list[Any]] = defaultdict(list)
    for row in approvals:
        found[row.plan_id].append(row)
    result = {}
    for plan_id, rows in found.items():
        starts = [None, *(helsinki_date(r.approved_at) for r in rows[1:])]
        ends = [*starts[1:], None]
        result[plan_id] = [
            Window(r.version, s, e) for r, s, e in zip(rows, starts, ends, strict=True)
        ]
    return result


def split_days(start: date, end: date, wins: list[Window]) -> list[tuple[int, int]]:
    """Return (version, days) of [start, end) that each approved version plans."""
    parts = []
    for w in wins:
        lo = max(start, w.start) if w.start else start
        hi = min(end, w.end) if w.end else end
        if hi > lo:
            parts.append((w.version, (hi - lo).days))
    return parts


def _add_phase(c: Component, row: Any, m: Month, wins: list[Window]) -> None:
    start = max(row.started_on, m.first)
    end = min(row.ended_on or m.next_first, m.next_first)
    per_day = row.planned_minutes_per_month / m.days
    for version, days in split_days(start, end, wins):
        c.plan(version, per_day * days)
        c.phases.append(PhasePart(row.id, row.phase, version, days, per_day * days, start))


def _add_service(c: Component, row: Any, m: Month, wins: list[Window]) -> None:
    start = max(row.valid_from, m.first)
    until = row.valid_until + timedelta(days=1) if row.valid_until else m.next_first
    per_day = minutes_per_day(row.amount_hours, row.amount_per, m.days)
    for version, days in split_days(start, min(until, m.next_first), wins):
        c.plan(version, per_day * days)


def realise(parts: MonthParts, m: Month) -> list[ClientMonth]:
    """Return each client's month, clients in id order, components in a stable order."""
    wins = windows(parts.approvals)
    comps: dict[tuple[UUID, UUID | None], Component] = {}

    def component(plan_id: UUID, service_id: UUID | None) -> Component:
        kind = SERVICE if service_id else PHASE_WORK
        return comps.setdefault((plan_id, service_id), Component(kind, plan_id, service_id))

    for row in parts.phases:
        _add_phase(component(row.plan_id, None), row, m, wins.get(row.plan_id, []))
    for row in parts.services:
        c = component(row.plan_id, row.id)
        c.about = row
        _add_service(c, row, m, wins.get(row.plan_id, []))
    for row in parts.delivered:
        component(row.plan_id, row.service_id).delivered += int(row.minutes or 0)
    return _by_client(parts.plans, comps)


def _by_client(
    plans: list[Any], comps: dict[tuple[UUID, UUID | None], Component]
) -> list[ClientMonth]:
    plan_rows = {p.plan_id: p for p in plans}
    months: dict[UUID, ClientMonth] = {}
    order = sorted(
        comps.items(), key=lambda kv: (str(kv[0][0]), kv[0][1] is not None, str(kv[0][1]))
    )
    for (plan_id, _), c in order:
        row = plan_rows.get(plan_id)
        if row is None:  # a plan that appeared between the month's reads counts next time
            continue
        month = months.setdefault(row.client_id, ClientMonth(row.client_id, row, []))
        if row.created_at > month.plan.created_at:
            month.plan = row
        month.components.append(c)
    return [months[k] for k in sorted(months)]


def is_short(planned: int, delivered: int, threshold: float) -> bool:
    """A component falls short when something was planned and too little of it delivered."""
    return planned > 0 and delivered / planned < threshold
