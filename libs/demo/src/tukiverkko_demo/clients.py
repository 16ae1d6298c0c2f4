"""A client with a plan: a support phase, goals, agreed services from producers, visits."""

from datetime import date
from typing import Any

from tukiverkko_demo.context import MONTH, STARTED, Context
from tukiverkko_demo.people import identity_code
from tukiverkko_demo.region import LIFE_AREAS, PHASES, Pilot

PROVIDER_SECTORS = ("municipal", "third_sector", "private")
DELIVERED_SHARE = (1.0, 1.0, 0.9, 0.6, 0.3)
"""How much of the agreed support was delivered: most in full, some with a shortfall."""
SERVICE_TYPES = ("guidance_and_coaching", "day_activities", "other_housing_support")


async def client_with_plan(ctx: Context, pilot: Pilot, serial: int, index: int) -> str:
    """Create the client's whole plan; return the client id."""
    key = f"client:{pilot.municipality}:{index}"
    api = ctx.region_api(pilot)
    districts = ctx.districts[pilot.municipality]
    body = {
        "personal_identity_code": identity_code(ctx.seed * 100_003 + serial),
        "languages": [pilot.language if index % 3 else ("sv" if pilot.language == "fi" else "fi")],
        "municipality": pilot.municipality,
        "district": districts[index % len(districts)],
        "region": pilot.region,
    }
    client_id: str = await ctx.once(key, lambda: api.call("POST", "/api/v1/clients", json=body))
    plan_id = await ctx.once(f"{key}:plan", lambda: api.call(
        "POST", f"/api/v1/clients/{client_id}/plans", json=_plan(ctx, pilot, index)))  # fmt: skip
    phase = {"phase": PHASES[index % len(PHASES)], "started_on": STARTED, "reason_code": "initial"}
    await ctx.once(f"{key}:phase", lambda: api.call(
        "POST", f"/api/v1/plans/{plan_id}/phases", json=phase))  # fmt: skip
    goals = [await _goal(ctx, pilot, key, plan_id, index * 3 + k) for k in range(3)]
    services = [await _service(ctx, pilot, key, plan_id, index + k) for k in range(2)]
    await ctx.once(f"{key}:approved", lambda: api.call(
        "POST", f"/api/v1/plans/{plan_id}/approve", json={"approved_by": "Demo, sosiaalityöntekijä"}))  # fmt: skip
    for service_id, hours in services:
        await _visits(ctx, pilot, key, plan_id, service_id, hours, goals)
    return client_id


def _plan(ctx: Context, pilot: Pilot, index: int) -> dict[str, Any]:
    return {
        "legal_basis": ["social_welfare_act"],
        "responsible_worker_id": ctx.worker(f"{pilot.municipality}:worker:{index % 2}"),
        "area_coordinator_id": ctx.worker(f"{pilot.municipality}:coordinator"),
        "client_view": "Jag vill bo i ett eget hem." if pilot.language == "sv" else "Haluan asua omassa kodissa.",
    }  # fmt: skip


async def _goal(ctx: Context, pilot: Pilot, key: str, plan_id: str, n: int) -> str:
    area = LIFE_AREAS[n % len(LIFE_AREAS)]
    body = {
        "life_area": area,
        "description": f"Tavoite: {area}",
        "expressed_by": "client",
        "status": "active",
    }
    api = ctx.region_api(pilot)
    return await ctx.once(f"{key}:goal:{n}", lambda: api.call(
        "POST", f"/api/v1/plans/{plan_id}/goals", json=body))  # fmt: skip


async def _service(ctx: Context, pilot: Pilot, key: str, plan_id: str, n: int) -> tuple[str, int]:
    sector = PROVIDER_SECTORS[n % len(PROVIDER_SECTORS)]
    provider = pilot.by_sector(sector)
    hours = 1 + ctx.rng(f"{key}:hours:{n}").randrange(4)
    body = {
        "service_type": SERVICE_TYPES[n % len(SERVICE_TYPES)],
        "legal_basis": "social_welfare_act",
        "provider": {"kind": "organisation", "organisation_id": ctx.org_ids[provider.key], "sector": sector},
        "amount": {"hours": hours, "per": "week"},
        "valid_from": STARTED,
    }  # fmt: skip
    api = ctx.region_api(pilot)
    service_id = await ctx.once(f"{key}:service:{n}", lambda: api.call(
        "POST", f"/api/v1/plans/{plan_id}/services", json=body))  # fmt: skip
    return service_id, hours


async def _visits(
    ctx: Context,
    pilot: Pilot,
    key: str,
    plan_id: str,
    service_id: str,
    hours: int,
    goals: list[str],
) -> None:
    """Visits delivering a share of the month's agreed hours: a shortfall when the share is low."""
    rng = ctx.rng(f"{key}:visits:{service_id}")
    left = round(hours * 60 * 31 / 7 * rng.choice(DELIVERED_SHARE))
    day = 1
    api = ctx.region_api(pilot)
    while left > 0 and day <= 24:  # before the clocks turn back: every visit at +03:00
        minutes = min(left, rng.choice((60, 90, 120)))
        body = {
            "occurred_at": f"{date.fromisoformat(f'{MONTH}-{day:02d}').isoformat()}T10:00:00+03:00",
            "minutes": minutes, "worker_id": ctx.worker(f"{pilot.municipality}:worker:0"),
            "method": rng.choice(("home_visit", "meeting", "phone")), "service_id": service_id,
            "goal_ids": goals[:1],
        }  # fmt: skip
        await ctx.once(f"{key}:visit:{service_id}:{day}", lambda b=body: api.call(  # type: ignore[misc]
            "POST", f"/api/v1/plans/{plan_id}/visits", json=b))  # fmt: skip
        left -= minutes
        day += 3
