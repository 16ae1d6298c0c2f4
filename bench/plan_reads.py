"""Plan reads and a region's bulk sync against the trivial endpoint of the same app (issue #18).

Per database (SQLite, and PostgreSQL where its binaries are installed), in one run:
plans and the gateway run under uvicorn in their own processes (as `make run` starts
them) with the embedded broker. One plan with 6 goals, 3 services, 2 phases and 2
referrals is read directly and through the gateway; `GET /health/live` of the same plans
process is the trivial endpoint.

- one at a time (trivial, direct, gateway taking turns): p50/p99;
- at 32 concurrent, in short phases taking turns: throughput, as a share of the trivial one;
- direct reads at 1, 4, 8, 16 and 32 concurrent (does throughput fall as concurrency rises?);
- a full sync of N clients' plans (`GET /plans?modified_after=…`, 500 a page, following the cursor), directly
  and through the gateway as the region's organisation: plans/s.

Measured at steady state: before anything is measured, every target is read at 32
concurrent for `--warm` seconds (unmeasured). The services open their connections lazily:
on PostgreSQL a cold plans process opened up to 32 asyncpg connections (each a new server
process, its type codecs and the read's statement prepared) inside the first short
measured phase; measured cold, direct reads at 32 ran ~290/s in the first 0.5 s and
~700-800/s from the third on (load 1.6-2.0), which the earlier results took for a loss of
throughput with concurrency. A running service reads on warm connections; the first
seconds after a start are not what the targets are about.

    uv run python bench/plan_reads.py [--small] [--clients 5000] [--seconds 8] [--warm 2]
        [--databases sqlite postgresql]
"""

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import httpx

sys.path.insert(0, str(Path(__file__).parent))

from gateway_common import Process, Run, Target, hetu, interleaved, load, register
from gateway_common import token as bearer_token
from harness import Result, broker, launch_app, postgres, start_apps, versions
from harness.cli import parse
from plan_read_profile import seed as seed_plan

from tukiverkko_common.settings import DEV_INTERNAL_TOKEN
from tukiverkko_common.testing.postgres import find_bindir

CONCURRENCY = 32
SWEEP = (1, 4, 8, 16, 32)
GATEWAY_PAGE = 500
"""The gateway's page cap of an incremental sync (GATEWAY_MAX_SYNC_PAGE_SIZE, default 500)."""
SINCE = "1970-01-01T00:00:00Z"
"""A full resync is an incremental one from the beginning (the sync page cap applies)."""
WORKER = "wrk_00000000000000000000000000000001"
SMALL = {"clients": 200, "seconds": 1.0, "warm": 1.0}
FULL = {"clients": 5000, "seconds": 8.0, "warm": 2.0}


async def seed_clients(url: str, headers: dict[str, str], n: int) -> None:
    """N clients in the region, each with a draft plan, written by 8 callers at once."""
    counter = iter(range(n))

    async def writer(http: httpx.AsyncClient) -> None:
        for i in counter:
            body = {"personal_identity_code": hetu(i), "languages": ["fi"], "municipality": "286"}
            made = await http.post("/api/v1/clients", json=body | {"region": "kymenlaakso"})
            assert made.status_code == 201, made.text
            plan = {"legal_basis": ["social_welfare_act"], "responsible_worker_id": WORKER}
            plan["area_coordinator_id"] = WORKER
            done = await http.post(f"/api/v1/clients/{made.json()['id']}/plans", json=plan)
            assert done.status_code == 201, done.text

    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as http:
        await asyncio.gather(*(writer(http) for _ in range(8)))


async def sync(url: str, headers: dict[str, str], limit: int) -> dict[str, float]:
    """Read every plan page by page (`limit` a page) and return how many and how fast."""
    count, pages, cursor = 0, 0, None
    async with aiohttp.ClientSession(headers=headers) as session:
        began = time.perf_counter()
        while True:
            params = {"limit": str(limit), "modified_after": SINCE}
            params |= {"cursor": cursor} if cursor else {}
            async with session.get(f"{url}/api/v1/plans", params=params) as response:
                assert response.status == 200, await response.text()
                page = await response.json()
            count, pages, cursor = count + len(page["items"]), pages + 1, page["next_cursor"]
            if cursor is None:
                break
        seconds = time.perf_counter() - began
    return {
        "plans": count,
        "pages": pages,
        "seconds": round(seconds, 3),
        "per_second": round(count / seconds, 1),
    }


async def warm(targets: dict[str, Target], seconds: float) -> None:
    """Read every target at CONCURRENCY, unmeasured, so that pools and caches are warm."""
    for target in targets.values():
        await load(target.url, target.headers, CONCURRENCY, seconds)


async def throughput(targets: dict[str, Target], seconds: float, phases: int = 4) -> dict[str, Run]:
    """Each target at CONCURRENCY in phases taking turns; runs merged per target."""
    runs: dict[str, list[Run]] = {name: [] for name in targets}
    for phase in range(phases):
        names = list(targets) if phase % 2 == 0 else list(reversed(targets))
        for name in names:
            target = targets[name]
            runs[name].append(await load(target.url, target.headers, CONCURRENCY, seconds / phases))
    return {
        name: Run(
            sum(r.requests for r in rs),
            sum(r.errors for r in rs),
            sum(r.seconds for r in rs),
            [x for r in rs for x in r.latencies],
        )
        for name, rs in runs.items()
    }


def plans_env(database_url: str, bootstrap: str) -> dict[str, str]:
    return {
        "PLANS_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "PLANS_AUTO_CLOSE_MONTHS": "false",
        "PLANS_LOG_LEVEL": "WARNING",
    }


def gateway_env(db: str, plans: Process, bootstrap: str) -> dict[str, str]:
    return {
        "GATEWAY_DATABASE_URL": db,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "TUKIVERKKO_UPSTREAMS": json.dumps({"plans": plans.url}),
        "GATEWAY_RATE_LIMIT_PER_SECOND": "1000000",
        "GATEWAY_RATE_LIMIT_BURST": "1000000",
        "GATEWAY_LOG_LEVEL": "WARNING",
    }


async def run_database(
    name: str, database_url: str, args: argparse.Namespace, root: Path, bootstrap: str, out: Result
) -> dict[str, Any]:
    processes: list[Process] = []
    try:
        gateway_db = f"sqlite+aiosqlite:///{root / f'gateway-{name}.db'}"
        org_id, client_id, secret = await register(
            gateway_db, "Kymenlaakson hyvinvointialue", "wellbeing_region", region="kymenlaakso"
        )
        plans = launch_app(
            f"plans-{name}", "plans.main:create_app", plans_env(database_url, bootstrap), root
        )
        processes.append(plans)
        gateway = launch_app(  # beside plans: it needs plans' address, not plans up
            f"gateway-{name}",
            "gateway.main:create_app",
            gateway_env(gateway_db, plans, bootstrap),
            root,
        )
        processes.append(gateway)
        start_apps(plans, gateway, log_dir=root)
        internal = {"x-internal-token": DEV_INTERNAL_TOKEN, "x-actor-organisation": org_id}
        async with httpx.AsyncClient(base_url=plans.url, headers=internal, timeout=60) as http:
            plan_id = await seed_plan(http)
        async with aiohttp.ClientSession() as session:
            bearer = await bearer_token(session, gateway.url, client_id, secret)
        targets = {
            "trivial": Target(f"{plans.url}/health/live", {}),
            "direct": Target(f"{plans.url}/api/v1/plans/{plan_id}", internal),
            "gateway": Target(
                f"{gateway.url}/api/v1/plans/{plan_id}", {"Authorization": f"Bearer {bearer}"}
            ),
        }
        await warm(targets, args.warm)
        singles = await interleaved(*targets.values(), seconds=args.seconds)
        many = await throughput(targets, args.seconds)
        sweep = {}
        for concurrency in SWEEP:
            run = await load(targets["direct"].url, internal, concurrency, args.seconds / 4)
            sweep[str(concurrency)] = run.summary()
        await seed_clients(plans.url, internal, args.clients)
        direct_sync = await sync(plans.url, internal, 500)
        async with aiohttp.ClientSession() as session:  # the first token may have expired by now
            bearer = await bearer_token(session, gateway.url, client_id, secret)
        gateway_sync = await sync(gateway.url, {"Authorization": f"Bearer {bearer}"}, GATEWAY_PAGE)
        runs = (*singles, *many.values())
        assert all(run.errors == 0 for run in runs), f"{name}: errors during the run"
        for key, run in zip(targets, singles, strict=True):
            out.latency(f"{name}/{key} one at a time", run.samples_ms)
        return {
            "one_at_a_time": {k: r.summary() for k, r in zip(targets, singles, strict=True)},
            f"at_{CONCURRENCY}": {k: r.summary() for k, r in many.items()},
            "direct_sweep": sweep,
            "sync_direct": direct_sync,
            "sync_gateway": gateway_sync,
        }
    finally:
        for process in processes:
            process.stop()


def report(name: str, run: dict[str, Any], out: Result) -> None:
    single, many = run["one_at_a_time"], run[f"at_{CONCURRENCY}"]
    trivial, direct, gateway = (many[k]["rps"] for k in ("trivial", "direct", "gateway"))
    added = single["gateway"]["p50_ms"] - single["direct"]["p50_ms"]
    run["ratios"] = {
        "direct_over_trivial": round(direct / trivial, 3),
        "gateway_over_direct": round(gateway / direct, 3),
        "gateway_added_p50_ms": round(added, 3),
    }
    targets(name, run, out)
    print(f"== {name}")
    for key in ("trivial", "direct", "gateway"):
        print(
            f"  {key:<8} {many[key]['rps']:>8.0f} req/s at {CONCURRENCY}   one at a time: "
            f"p50 {single[key]['p50_ms']:.2f} ms  p99 {single[key]['p99_ms']:.2f} ms"
        )
    print(
        f"  plan read at {CONCURRENCY}: {direct / trivial:.1%} of trivial (target ≥ 25 %); "
        f"p99 one at a time {single['direct']['p99_ms']:.2f} ms (target ≤ 2 ms on SQLite)"
    )
    print(
        f"  gateway: {gateway / direct:.1%} of direct (≥ 50 %), added p50 {added:.2f} ms (≤ 2 ms)"
    )
    print(
        "  direct sweep: "
        + ", ".join(f"{c}: {s['rps']:.0f}/s" for c, s in run["direct_sweep"].items())
    )
    for key in ("sync_direct", "sync_gateway"):
        s = run[key]
        print(
            f"  {key}: {s['plans']} plans in {s['seconds']:.2f} s = {s['per_second']:.0f} plans/s (gateway target ≥ 2,000)"
        )


def targets(name: str, run: dict[str, Any], out: Result) -> None:
    """Issue #18's targets for one database, each with its ratio to the same-run baseline."""
    single, ratios = run["one_at_a_time"], run["ratios"]
    for key, value in ratios.items():
        out.ratios[f"{name}: {key}"] = value
    out.target(
        f"{name}: plan read at {CONCURRENCY}, share of trivial",
        ratios["direct_over_trivial"],
        ">=",
        0.25,
        "× trivial",
        baseline="GET /health/live, same process",
        ratio=ratios["direct_over_trivial"],
        ratio_label="trivial",
    )
    p99, trivial_p99 = single["direct"]["p99_ms"], single["trivial"]["p99_ms"]
    if name == "sqlite":
        out.target(
            "sqlite: plan read p99, one at a time",
            p99,
            "<=",
            2.0,
            "ms",
            baseline="trivial p99",
            ratio=p99 / trivial_p99,
            ratio_label="trivial p99",
        )
    out.target(
        f"{name}: gateway throughput, share of direct",
        ratios["gateway_over_direct"],
        ">=",
        0.5,
        "× direct",
        baseline="direct read",
        ratio=ratios["gateway_over_direct"],
        ratio_label="direct",
    )
    direct_p50 = single["direct"]["p50_ms"]
    out.target(
        f"{name}: gateway added p50",
        ratios["gateway_added_p50_ms"],
        "<=",
        2.0,
        "ms",
        baseline="direct p50",
        ratio=(direct_p50 + ratios["gateway_added_p50_ms"]) / direct_p50,
        ratio_label="direct p50",
    )
    synced = run["sync_gateway"]
    out.target(
        f"{name}: sync through the gateway, {synced['plans']} plans",
        synced["per_second"],
        ">=",
        2000,
        "plans/s",
        baseline="direct sync",
        ratio=synced["per_second"] / run["sync_direct"]["per_second"],
        ratio_label="direct sync",
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--warm", type=float, help="seconds per target at 32, unmeasured")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parse(parser, SMALL, FULL)
    os.environ.setdefault("TUKIVERKKO_ENV", "development")
    out = Result(
        "plan_reads",
        args.mode,
        "Plan reads and a region's bulk sync against the trivial endpoint of the same app (#18)",
        sizes={
            "clients": args.clients,
            "seconds": args.seconds,
            "warm_seconds": args.warm,
            "concurrency": CONCURRENCY,
            "databases": args.databases,
        },
        baseline="GET /health/live of the same plans process, taking turns",
        versions=versions(postgres_bindir=find_bindir()),
    )
    root = Path(tempfile.mkdtemp(prefix="plan-reads-"))
    with broker(root) as kafka:
        bootstrap = kafka.bootstrap_servers
        if "sqlite" in args.databases:
            url = f"sqlite+aiosqlite:///{root / 'plans.db'}"
            out.details["sqlite"] = await run_database("sqlite", url, args, root, bootstrap, out)
            report("sqlite", out.details["sqlite"], out)
        with postgres("postgresql" in args.databases) as server:
            if server is not None:
                url = await server.create_database("plans_bench")
                run = await run_database("postgresql", url, args, root, bootstrap, out)
                out.details["postgresql"] = run
                report("postgresql", run, out)
    out.write()


if __name__ == "__main__":
    asyncio.run(main())
