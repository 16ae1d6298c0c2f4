"""Where a plan read's time goes: cProfile of reads in-process, the ORM view against the database's JSON.

Starts the plans app in-process on SQLite (and the embedded broker), makes one plan with
6 goals, 3 services, 2 phases and 2 referrals, then profiles N reads each way: the ORM
view serialised by its model (inside the app's read session), the one statement whose
value is the answer's JSON (`repository.plan_read.plan_json`), and the whole app over
ASGI. The timed samples are taken without the profiler (the ORM view is the baseline of
the ratios); the profiles are printed after.

    uv run python bench/plan_read_profile.py [--small] [N]
"""

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from asgi_lifespan import LifespanManager
from harness import Result, timed_ms
from harness.cli import parse

from plans.config import PlansSettings
from plans.main import create_app
from plans.models import Plan
from plans.repository.common import get_or_404
from plans.repository.plan_read import plan_json
from plans.service.views import plan_view
from tukiverkko_common.broker import EmbeddedBroker
from tukiverkko_common.settings import DEV_INTERNAL_TOKEN

ORG = "01936f5e-0000-7000-8000-00000000000a"
WORKER = "wrk_00000000000000000000000000000001"
SMALL = {"n": 100}
FULL = {"n": 500}


async def seed(http: httpx.AsyncClient) -> str:
    """One plan with 6 goals, 3 services, 2 phases, 2 referrals; return its id."""

    async def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await http.post(url, json=body)
        assert response.status_code == 201, response.text
        return response.json()

    client = await post(
        "/api/v1/clients",
        {"personal_identity_code": "010190-900P", "languages": ["fi"], "municipality": "286"}
        | {"region": "kymenlaakso"},
    )
    plan = await post(
        f"/api/v1/clients/{client['id']}/plans",
        {"legal_basis": ["social_welfare_act"], "responsible_worker_id": WORKER}
        | {"area_coordinator_id": WORKER, "client_view": "Haluan asua omassa kodissa."},
    )
    p = f"/api/v1/plans/{plan['id']}"
    for area in ("housing", "mobility", "work", "leisure", "finances", "health"):
        await post(f"{p}/goals", {"life_area": area, "description": "x", "expressed_by": "client"})
    for hours in (3, 4, 5):
        provider = {"kind": "organisation", "organisation_id": ORG, "sector": "third_sector"}
        await post(
            f"{p}/services",
            {"service_type": "home_care", "legal_basis": "social_welfare_act"}
            | {"provider": provider, "amount": {"hours": hours, "per": "week"}}
            | {"valid_from": "2025-01-01"},
        )
    for phase, day, reason in (
        ("readiness_assessment", "01", "initial"),
        ("intensive", "16", "progress"),
    ):
        await post(
            f"{p}/phases", {"phase": phase, "started_on": f"2025-01-{day}", "reason_code": reason}
        )
    for kind in ("day_activities", "job_coaching"):
        await post(
            f"{p}/referrals", {"organisation_id": ORG, "service_type": kind, "basis": "consent"}
        )
    return str(plan["id"])


def profiled(label: str, n: int, read: Callable[[], Awaitable[Any]]) -> Callable[[], Any]:
    async def run() -> None:
        for _ in range(20):
            await read()
        profile = cProfile.Profile()
        began = time.perf_counter()
        profile.enable()
        for _ in range(n):
            await read()
        profile.disable()
        per = (time.perf_counter() - began) / n * 1000
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(18)
        print(f"== {label}: {per:.3f} ms per read (under cProfile)\n{out.getvalue()[:4000]}")

    return run


async def samples(reads: dict[str, Callable[[], Awaitable[Any]]], n: int) -> dict[str, list[float]]:
    """Each way `n` times without the profiler, taking turns, after 20 warm-up reads each."""
    for read in reads.values():
        for _ in range(20):
            await read()
    taken: dict[str, list[float]] = {name: [] for name in reads}
    for _ in range(n):
        for name, read in reads.items():
            taken[name].append(await timed_ms(read))
    return taken


def record(out: Result, taken: dict[str, list[float]]) -> None:
    """The three distributions and each way's p50 against the ORM view's."""
    base = out.latency("ORM view (before)", taken.pop("ORM view (before)")).summary["p50"]
    for name, values in taken.items():
        p50 = out.latency(name, values).summary["p50"]
        out.ratios[f"{name} p50 / ORM view p50"] = round(p50 / base, 3)


async def main(n: int, out: Result) -> None:
    os.environ.setdefault("TUKIVERKKO_ENV", "development")
    root = Path(tempfile.mkdtemp(prefix="plan-profile-"))
    broker = EmbeddedBroker(log_path=root / "broker.log").start()
    settings = PlansSettings(
        database_url=f"sqlite+aiosqlite:///{root / 'plans.db'}",
        kafka_bootstrap_servers=broker.bootstrap_servers,
        auto_close_months=False,
        log_json=False,
        log_level="WARNING",
    )
    app = create_app(settings)
    headers = {"x-internal-token": DEV_INTERNAL_TOKEN, "x-actor-organisation": ORG}
    try:
        async with LifespanManager(app, startup_timeout=60):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://plans", headers=headers
            ) as http:
                plan_id = await seed(http)
                sessions = app.state.runtime.sessions

                async def orm_view() -> None:
                    async with sessions() as session:
                        plan = await get_or_404(session, Plan, UUID(plan_id), "plan")
                        (await plan_view(session, plan)).model_dump_json()

                async def one_statement() -> None:
                    assert await plan_json(app.state.runtime.engine, UUID(plan_id)) is not None

                async def over_asgi() -> None:
                    assert (await http.get(f"/api/v1/plans/{plan_id}")).status_code == 200

                reads = {
                    "ORM view (before)": orm_view,
                    "one statement (after)": one_statement,
                    "whole app over ASGI (after)": over_asgi,
                }
                record(out, await samples(reads, n))
                await profiled("ORM view (before)", n, orm_view)()
                await profiled("one statement (after)", n, one_statement)()
                await profiled("whole app over ASGI (after)", n, over_asgi)()
    finally:
        broker.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", help="reads each way")
    args = parse(parser, SMALL, FULL)
    result = Result(
        "plan_read_profile",
        args.mode,
        "A plan read in-process: the ORM view against the one statement, and the whole app",
        sizes={"reads_each_way": args.n, "goals": 6, "services": 3, "phases": 2, "referrals": 2},
        baseline="the ORM view (before), same process, taking turns",
    )
    asyncio.run(main(args.n, result))
    result.write()
