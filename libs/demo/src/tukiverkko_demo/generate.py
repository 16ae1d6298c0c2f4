"""Fill the synthetic region through the gateway, resuming from the journal; say what to open."""

import asyncio
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.progress import Progress

from tukiverkko_common.area_codes import area_codes
from tukiverkko_demo.api import Api, Registrar, admin_cli, organisation_id
from tukiverkko_demo.clients import client_with_plan
from tukiverkko_demo.context import MONTH, Context
from tukiverkko_demo.housing import housing_network
from tukiverkko_demo.maps import network_map
from tukiverkko_demo.region import PILOTS, SIZES, Pilot
from tukiverkko_demo.resources import cards
from tukiverkko_demo.state import State

PARALLEL = 4
"""Clients loaded at once: enough to keep the services busy, few enough for two cores."""


@dataclass
class Result:
    created: Counter[str]
    """Objects by kind (client, plan, visit, …), this run and earlier ones together."""
    urls: dict[str, str]


async def generate(
    gateway: str, seed: int, size: str, journal: Path, registrar: Registrar = admin_cli,
    quiet: bool = False, transport: httpx.AsyncBaseTransport | None = None,
) -> Result:  # fmt: skip
    state = State(journal, seed, size)
    try:
        async with httpx.AsyncClient(base_url=gateway, timeout=60, transport=transport) as http:
            with Progress(disable=quiet) as progress:
                ctx = await _context(http, state, seed, size, registrar, progress)
                maps = [await _pilot(ctx, pilot) for pilot in PILOTS]
    finally:
        state.close()
    return Result(_kinds(state), _urls(gateway, ctx, maps[0]))


async def _context(
    http: httpx.AsyncClient, state: State, seed: int, size: str, registrar: Registrar,
    progress: Progress,
) -> Context:  # fmt: skip
    chosen = SIZES[size]
    per_region = chosen.clients_per_region * (14 + 2 * chosen.alters_per_map)
    total = len(PILOTS) * (per_region + chosen.cards_per_region * 5 + 20)
    ctx = Context(seed, chosen, state, {}, progress, progress.add_task("Filling the region", total=total), {},
                  {code: list(m.districts) for code, m in area_codes().municipalities.items()})  # fmt: skip
    every = [org for pilot in PILOTS for org in pilot.orgs]
    missing = [
        (org, organisation_id(seed, org)) for org in every if not state.get(f"{org.key}:org")
    ]
    for (org, _), made in zip(missing, await registrar(missing) if missing else [], strict=True):
        state.put(f"{org.key}:org", made)
    for org in every:
        credentials = state.get(f"{org.key}:org")
        ctx.apis[org.key] = Api(http, credentials)
        ctx.org_ids[org.key] = credentials["organisation_id"]
    return ctx


async def _pilot(ctx: Context, pilot: Pilot) -> str:
    """Cards, clients with plans and maps, then the housing network; return the first map's id."""
    organisation_cards = await cards(ctx, pilot)
    gate = asyncio.Semaphore(PARALLEL)
    base = PILOTS.index(pilot) * 10_000_000

    async def one(index: int) -> tuple[str, str]:
        async with gate:
            client_id = await client_with_plan(ctx, pilot, base + index, index)
            return client_id, await network_map(ctx, pilot, client_id, index)

    # Every client finishes the request it has in flight (and journals it) before a failure or
    # an interrupt stops the run: cancelling a task mid-request could create an unrecorded object.
    done = await asyncio.gather(
        *(one(i) for i in range(ctx.size.clients_per_region)), return_exceptions=True
    )
    for failed in done:
        if isinstance(failed, BaseException):
            raise failed
    made = [pair for pair in done if not isinstance(pair, BaseException)]
    await housing_network(ctx, pilot, [client for client, _ in made], organisation_cards)
    return made[0][1]


def _kinds(state: State) -> Counter[str]:
    """Count the journal's objects by kind: the last word of the key that is not a number."""
    kinds: Counter[str] = Counter()
    for key in state.created:
        words = [w for w in key.split(":") if not w.isdigit() and not _is_id(w)]
        kinds[words[-1] if len(words) > 1 else words[0]] += 1
    return kinds


def _is_id(word: str) -> bool:
    return len(word) == 36 and word.count("-") == 4


def _urls(gateway: str, ctx: Context, map_id: str) -> dict[str, str]:
    coordinator = ctx.worker(f"{PILOTS[0].municipality}:coordinator")
    return {
        "API docs": f"{gateway}/docs",
        "Eco-map (SVG)": f"{gateway}/api/v1/maps/{map_id}/ecomap",
        "Coordinator's shortfalls": f"{gateway}/api/v1/coordinators/{coordinator}/shortfalls?month={MONTH}",
    }
