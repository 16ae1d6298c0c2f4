"""A housing network per pilot: apartments, residents, a coordinator, partners, an activity."""

from tukiverkko_demo.context import STARTED, Context
from tukiverkko_demo.region import Pilot

STREETS = {"286": "Kauppalankatu", "491": "Porrassalmenkatu", "445": "Strandvägen"}
POSTAL = {"286": "45100", "491": "50100", "445": "21600"}
CENTRE = {"286": (60.868, 26.704), "491": (61.688, 27.272), "445": (60.303, 22.301)}


async def housing_network(
    ctx: Context, pilot: Pilot, residents: list[str], cards: list[str]
) -> str:
    """Create the network and its parts; return its id."""
    key = f"housing:{pilot.municipality}"
    api = ctx.region_api(pilot)
    region_org = ctx.org_ids[pilot.by_sector("wellbeing_region").key]
    body = {"name": f"Asumisverkosto {pilot.municipality} (demo)", "region": pilot.region,
            "municipality": pilot.municipality}  # fmt: skip
    net = await ctx.once(key, lambda: api.call("POST", "/api/v1/housing-networks", json=body))
    base = f"/api/v1/housing-networks/{net}"
    coordinator = {"worker_id": ctx.worker(f"{pilot.municipality}:coordinator"),
                   "organisation_id": region_org, "from_on": STARTED}  # fmt: skip
    await ctx.once(
        f"{key}:coordinator", lambda: api.call("POST", f"{base}/coordinators", json=coordinator)
    )
    for n in range(ctx.size.apartments_per_network):
        await ctx.once(f"{key}:apartment:{n}", lambda n=n: api.call(  # type: ignore[misc]
            "POST", f"{base}/apartments", json=_apartment(pilot, n)))  # fmt: skip
    for n, client_id in enumerate(residents[: ctx.size.apartments_per_network]):
        stay = {"client_id": client_id, "moved_in_on": STARTED}
        await ctx.once(f"{key}:resident:{n}", lambda s=stay: api.call(  # type: ignore[misc]
            "POST", f"{base}/residents", json=s))  # fmt: skip
    for n, card_id in enumerate(cards[:2]):
        partner = {"resource_card_id": card_id, "card_kind": "organisation", "joined_on": STARTED}
        await ctx.once(f"{key}:partner:{n}", lambda p=partner: api.call(  # type: ignore[misc]
            "POST", f"{base}/partners", json=p))  # fmt: skip
    await _activity(ctx, pilot, key, base, residents[: ctx.size.apartments_per_network])
    return str(net)


def _apartment(pilot: Pilot, n: int) -> dict[str, object]:
    return {
        "address": f"{STREETS[pilot.municipality]} {5 + n // 10} B {n % 10 + 1}",
        "postal_code": POSTAL[pilot.municipality],
        "housing_unit_code": f"{pilot.municipality}-{n:04d}-B{n % 10 + 1}",
        "owner_kind": "housing_company",
        "latitude": CENTRE[pilot.municipality][0] + n * 0.0005,
        "longitude": CENTRE[pilot.municipality][1] + n * 0.0005,
    }


async def _activity(ctx: Context, pilot: Pilot, key: str, base: str, residents: list[str]) -> None:
    """A weekly club planned with the residents, and its sessions with attendance."""
    api = ctx.region_api(pilot)
    swedish = pilot.language == "sv"
    body = {
        "title": "Tisdagsklubben" if swedish else "Tiistaikerho",
        "goal": "Att lära känna grannarna" if swedish else "Tutustuminen naapureihin",
        "content": "Kaffe och spel" if swedish else "Kahvia ja pelejä",
        "recurrence": "FREQ=WEEKLY;BYDAY=TU", "duration_minutes": 120, "starts_on": "2026-09-01",
        "planned_with_client_ids": residents, "responsible_worker_id": ctx.worker(f"{pilot.municipality}:worker:0"),
        "producer_organisation_id": ctx.org_ids[pilot.by_sector("third_sector").key],
        "staff_count": 1, "staff_hours_per_session": 2,
    }  # fmt: skip
    activity = await ctx.once(
        f"{key}:activity", lambda: api.call("POST", f"{base}/activities", json=body)
    )
    for week, day in enumerate(("2026-10-06", "2026-10-13", "2026-10-20")):
        came = [
            {"kind": "resident", "client_id": c} for i, c in enumerate(residents) if (i + week) % 3
        ]
        held = {"held_on": day, "attendance": came}
        await ctx.once(f"{key}:session:{week}", lambda h=held: api.call(  # type: ignore[misc]
            "POST", f"/api/v1/activities/{activity}/sessions", json=h))  # fmt: skip
