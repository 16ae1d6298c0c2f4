"""A client's personal network map, with snapshots before and after a change."""

from tukiverkko_demo.context import Context
from tukiverkko_demo.region import Pilot

ALTERS = (
    ("person", "family", "sibling"),
    ("person", "friends_neighbours", "neighbour"),
    ("organisation", "professionals_services", "support_worker"),
    ("organisation", "organisations", "ngo"),
    ("person", "work_school_leisure", "hobby_mate"),
    ("organisation", "organisations", "parish"),
)
STRENGTHS = ("strong", "medium", "weak")


async def network_map(ctx: Context, pilot: Pilot, client_id: str, index: int) -> str:
    """Draw the map, snapshot it, add a tie (a new hobby), snapshot again; return the map id."""
    key = f"map:{pilot.municipality}:{index}"
    api = ctx.region_api(pilot)
    districts = ctx.districts[pilot.municipality]
    body = {
        "client_id": client_id,
        "region": pilot.region,
        "district": districts[index % len(districts)],
    }
    map_id = await ctx.once(key, lambda: api.call("POST", "/api/v1/maps", json=body))
    for n in range(ctx.size.alters_per_map - 1):
        await _tie(ctx, pilot, f"{key}:{n}", map_id, n)
    await ctx.once(f"{key}:snapshot:0", lambda: api.call(
        "POST", f"/api/v1/maps/{map_id}/snapshots", json={"label": "Alkutilanne"}))  # fmt: skip
    await _tie(ctx, pilot, f"{key}:new", map_id, 4)
    await ctx.once(f"{key}:snapshot:1", lambda: api.call(
        "POST", f"/api/v1/maps/{map_id}/snapshots", json={"label": "Seuranta"}))  # fmt: skip
    return str(map_id)


async def _tie(ctx: Context, pilot: Pilot, key: str, map_id: str, n: int) -> None:
    kind, sector, role = ALTERS[n % len(ALTERS)]
    api = ctx.region_api(pilot)
    alter_id = await ctx.once(f"{key}:alter", lambda: api.call(
        "POST", f"/api/v1/maps/{map_id}/alters", json={"kind": kind, "sector": sector, "role": role}))  # fmt: skip
    tie = {"to_alter_id": alter_id, "strength": ctx.rng(key).choice(STRENGTHS)}
    await ctx.once(f"{key}:tie", lambda: api.call("POST", f"/api/v1/maps/{map_id}/ties", json=tie))
