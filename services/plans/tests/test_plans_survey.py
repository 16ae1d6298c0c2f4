"""The regional survey: aggregates by municipality and district, and never a count below 5."""

import itertools

from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.suppression import HIDDEN, SMALL

MONTH = "2025-03"


def all_cells(survey: dict) -> list:
    cells = []
    for row in survey["rows"]:
        cells.append(row["clients"])
        for dim in ("phases", "life_areas", "service_types"):
            cells += row[dim].values()
    return cells


def districts(municipality: str, n: int) -> list[str]:
    return list(area_codes().municipalities[municipality].districts)[:n]


async def populate(plans, sizes: dict[tuple[str, str], int]) -> None:
    """Clients per (municipality, district), each with a plan, a phase, a goal and a service."""
    phases = itertools.cycle(["intensive", "normal", "light"])
    for (municipality, district), n in sizes.items():
        for _ in range(n):
            client = await plans.client(municipality=municipality, district=district)
            plan = await plans.plan(client["id"])
            await plans.phase(plan["id"], next(phases), "2025-01-01", "initial")
            body = {"life_area": "housing", "description": "Oma koti", "expressed_by": "client"}
            await plans.ok("POST", f"/api/v1/plans/{plan['id']}/goals", 201, json=body)
            await plans.service(plan["id"], 2)
            await plans.visit(plan["id"], "2025-03-10T10:00:00Z", 60)


async def test_the_survey_never_shows_a_count_below_five_nor_lets_one_be_derived(plans):
    one, two, three = districts("286", 3)
    await populate(plans, {("286", one): 7, ("286", two): 6, ("286", three): 2})
    scope = AccessScope(regions=("kymenlaakso",)).header()
    survey = await plans.ok(
        "GET", "/api/v1/survey", params={"month": MONTH}, headers={"x-access-scope": scope}
    )
    cells = all_cells(survey)
    assert not [c for c in cells if isinstance(c, int) and c < 5]
    rows = {(r["level"], r["district"]): r for r in survey["rows"]}
    assert rows[("district", three)]["clients"] == SMALL
    # Kouvola's 15 minus the two shown districts would give the third: one more is hidden.
    assert rows[("district", two)]["clients"] == HIDDEN
    assert rows[("municipality", None)]["clients"] == 15
    assert rows[("district", one)]["clients"] == 7
    assert rows[("district", one)]["life_areas"]["housing"] == 7
    assert rows[("district", one)]["service_types"]["guidance_and_coaching"] == 7
    assert rows[("district", two)]["planned_hours"] is None
    assert rows[("district", one)]["delivered_hours"] == 7.0
    other = AccessScope(regions=("etela-savo",)).header()
    refused = await plans.http.get(
        "/api/v1/survey",
        params={"month": MONTH, "region": "kymenlaakso"},
        headers={"x-access-scope": other},
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "region"
