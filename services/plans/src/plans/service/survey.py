"""The regional survey for a housing strategy (seed 002): counts by municipality and district.

Every figure is an aggregate over the region's clients with an open plan; no client appears.
Counts are suppressed by `tukiverkko_common.suppression.Suppression` (below five → "<5", and complementary
cells → "x" wherever a total would reveal a hidden part), and the month's hours are shown only
for areas whose client count is shown.
"""

from collections import defaultdict
from collections.abc import Hashable
from typing import Any, get_args

from sqlmodel.ext.asyncio.session import AsyncSession

from plans.codes import PHASE_ORDER, LifeArea, ServiceType
from plans.config import PlansSettings
from plans.repository.realisation import Month
from plans.repository.survey import SurveyClient, survey_clients
from plans.schemas.survey import Survey, SurveyRow
from plans.service.realisation import month_rows
from tukiverkko_common.suppression import Suppression

THRESHOLD = 5
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "phases": (*PHASE_ORDER, "none"),
    "life_areas": get_args(LifeArea),
    "service_types": get_args(ServiceType),
}
EXPLAINED = (
    'Counts below 5 are shown as "<5". Where a total is the sum of shown parts (the region of its'
    " municipalities, a municipality of its districts, an area's clients of their phases), one more"
    ' cell is hidden as "x" so that no "<5" cell can be worked out by subtraction. Hours are'
    " shown only where the area's client count is shown."
)


def _areas(clients: list[SurveyClient]) -> dict[tuple, list[SurveyClient]]:
    """Group clients into the region, each municipality and each of its districts."""
    areas: dict[tuple, list[SurveyClient]] = defaultdict(list)
    for c in clients:
        for area in (("region",), ("m", c.municipality), ("d", c.municipality, c.district)):
            areas[area].append(c)
    return areas


def _counts(areas: dict[tuple, list[SurveyClient]]) -> Suppression:
    table = Suppression(THRESHOLD)
    for area, members in areas.items():
        table.counts[(area, "clients", "")] = len(members)
        for category in DIMENSIONS["phases"]:
            table.counts[(area, "phases", category)] = sum(c.phase == category for c in members)
        for dim in ("life_areas", "service_types"):
            for category in DIMENSIONS[dim]:
                table.counts[(area, dim, category)] = sum(
                    category in getattr(c, dim) for c in members
                )
    return table


def _groups(table: Suppression, areas: dict[tuple, list[SurveyClient]]) -> None:
    cells = [("clients", "")] + [(d, c) for d, cats in DIMENSIONS.items() for c in cats]
    municipalities = sorted(a for a in areas if a[0] == "m")
    for dim, cat in cells:
        table.add_group((("region",), dim, cat), [(m, dim, cat) for m in municipalities])
        for m in municipalities:
            districts = [a for a in areas if a[0] == "d" and a[1] == m[1]]
            table.add_group((m, dim, cat), [(d, dim, cat) for d in districts])
    for area in areas:  # each client has exactly one phase ("none" included)
        table.add_group((area, "clients", ""), [(area, "phases", c) for c in DIMENSIONS["phases"]])


def _row(area: tuple, shown: dict[Hashable, Any], hours: tuple[int, int]) -> SurveyRow:
    level = {"region": "region", "m": "municipality", "d": "district"}[area[0]]
    clients = shown[(area, "clients", "")]
    visible = isinstance(clients, int)
    return SurveyRow(
        level=level,
        municipality=area[1] if len(area) > 1 else None,
        district=area[2] if len(area) > 2 else None,
        clients=clients,
        **{dim: {c: shown[(area, dim, c)] for c in cats} for dim, cats in DIMENSIONS.items()},
        planned_hours=round(hours[0] / 60, 1) if visible else None,
        delivered_hours=round(hours[1] / 60, 1) if visible else None,
    )


async def regional_survey(
    *, session: AsyncSession, settings: PlansSettings, region: str, month: Month
) -> Survey:
    """Return the region's survey for the month (phases and services as on the month's day)."""
    found = await survey_clients(session, region, month.as_of)
    rows = {
        r.client_id: r for r in await month_rows(session=session, settings=settings, month=month)
    }
    areas = _areas(list(found.values()))
    minutes: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for client_id, c in found.items():
        if (row := rows.get(client_id)) is None:
            continue
        for area in (("region",), ("m", c.municipality), ("d", c.municipality, c.district)):
            minutes[area][0] += row.planned_minutes
            minutes[area][1] += row.delivered_minutes
    table = _counts(areas)
    _groups(table, areas)
    shown = table.solve()
    order = sorted(areas, key=lambda a: (len(a), a[1:2], str(a[2:])))
    return Survey(
        region=region,
        month=month.label,
        as_of=month.as_of,
        threshold=THRESHOLD,
        suppression=EXPLAINED,
        rows=[_row(a, shown, tuple(minutes[a])) for a in order],  # type: ignore[arg-type]
    )
