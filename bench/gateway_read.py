"""A plan read through the gateway against the same read made directly to the plans service.

Same run, same machine, same aiohttp load generator: plans and the gateway each run
under uvicorn in their own process (as `make run` starts them), on SQLite, with the
embedded broker. The caller is the client's own region, so each gateway read does
what it does in production: verify the token, rate-limit, resolve ownership (cached),
forward over the upstream pool, commit the access-log event to the outbox, answer.

Targets (issue #5): gateway ≥ 50 % of direct throughput; added p50 ≤ 2 ms.
Latency is measured one request at a time (the cost of the hop), direct and gateway
reads taking turns so that both see the same moments of a noisy machine; throughput at a
fixed concurrency, in short phases that take turns. A third target in the latency turns
is a bare hop (bench/passthrough.py: the gateway's upstream client under uvicorn with
nothing else), so the added time splits into what any hop on this stack costs in those
minutes and what the gateway's own work costs. The gateway is measured with its default
transport (httpx on aiohttp's pool) and again with plain httpx, for comparison; each
against the direct read of the same window.
Run: `uv run python bench/gateway_read.py` (writes bench/results/gateway_read.json).
"""

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).parent))

from gateway_common import (
    RESULTS,
    Process,
    Target,
    alternating,
    hetu,
    interleaved,
    register,
    start,
    token,
)

from tukiverkko_common.broker import EmbeddedBroker
from tukiverkko_common.settings import DEV_INTERNAL_TOKEN

CONCURRENCY = 32
THROUGHPUT_SECONDS = 16.0
"""Per target, in PHASES phases taking turns with the other target."""
PHASES = 4
LATENCY_SECONDS = 15.0
"""Direct, gateway and bare-hop reads take turns one at a time for this long."""
BENCH = Path(__file__).parent


def gateway_env(db: str, plans: Process, bootstrap: str, transport: str) -> dict[str, str]:
    return {
        "GATEWAY_DATABASE_URL": db,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "TUKIVERKKO_UPSTREAMS": json.dumps({"plans": plans.url}),
        "GATEWAY_UPSTREAM_TRANSPORT": transport,
        "GATEWAY_RATE_LIMIT_PER_SECOND": "1000000",
        "GATEWAY_RATE_LIMIT_BURST": "1000000",
        "GATEWAY_LOG_LEVEL": "WARNING",
    }


async def seed(gateway: Process, client_id: str, secret: str, n: int) -> tuple[str, str, str]:
    """Create a client and a plan through the gateway; return (token, client id, plan id)."""
    async with aiohttp.ClientSession() as session:
        bearer = await token(session, gateway.url, client_id, secret)
        headers = {"Authorization": f"Bearer {bearer}"}
        body = {
            "personal_identity_code": hetu(int(time.time()) % 20_000 + n),
            "languages": ["fi"],
            "municipality": "286",
            "district": "kuusankoski",
            "region": "kymenlaakso",
        }
        async with session.post(
            f"{gateway.url}/api/v1/clients", json=body, headers=headers
        ) as response:
            assert response.status == 201, await response.text()
            client = await response.json()
        plan_body = {
            "legal_basis": ["social_welfare_act"],
            "responsible_worker_id": "wrk_00000000000000000000000000000001",
            "area_coordinator_id": "wrk_c0000000000000000000000000000001",
            "client_view": "Haluan asua omassa kodissa.",
        }
        async with session.post(
            f"{gateway.url}/api/v1/clients/{client['id']}/plans", json=plan_body, headers=headers
        ) as response:
            assert response.status == 201, await response.text()
            plan = await response.json()
    return bearer, client["id"], plan["id"]


async def compare(label: str, direct: Target, gateway: Target, hop: Target) -> dict:
    """Latency one request at a time (taking turns), throughput in alternating phases, all error-free."""
    direct_single, gateway_single, hop_single = await interleaved(
        direct, gateway, hop, seconds=LATENCY_SECONDS
    )
    direct_many, gateway_many = await alternating(
        direct, gateway, CONCURRENCY, THROUGHPUT_SECONDS, PHASES
    )
    runs = (direct_single, gateway_single, hop_single, direct_many, gateway_many)
    assert all(run.errors == 0 for run in runs), f"{label}: errors during the run"
    result = {
        "direct": {"latency": direct_single.summary(), "throughput": direct_many.summary()},
        "gateway": {"latency": gateway_single.summary(), "throughput": gateway_many.summary()},
        "bare_hop": {"latency": hop_single.summary()},
    }
    for name, part in (
        ("direct to plans", result["direct"]),
        (f"through gateway ({label})", result["gateway"]),
    ):
        print(
            f"  {name:<28} {part['throughput']['rps']:>8.0f} req/s at {CONCURRENCY}   "
            f"p50 {part['latency']['p50_ms']:.2f} ms  p99 {part['latency']['p99_ms']:.2f} ms (one at a time)"
        )
    hop_latency = result["bare_hop"]["latency"]
    print(
        f"  {'bare hop (no checks)':<28} {'':>8}               "
        f"p50 {hop_latency['p50_ms']:.2f} ms  p99 {hop_latency['p99_ms']:.2f} ms (one at a time)"
    )
    return result


async def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="gateway-bench-"))
    broker = EmbeddedBroker(log_path=root / "broker.log").start()
    processes: list[Process] = []
    try:
        plans = start(
            "plans",
            "plans.main:create_app",
            {
                "PLANS_DATABASE_URL": f"sqlite+aiosqlite:///{root / 'plans.db'}",
                "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
                "PLANS_AUTO_CLOSE_MONTHS": "false",
                "PLANS_LOG_LEVEL": "WARNING",
            },
            root,
        )
        processes.append(plans)
        db = f"sqlite+aiosqlite:///{root / 'gateway.db'}"
        org_id, client_id, secret = await register(
            db, "Kymenlaakson hyvinvointialue", "wellbeing_region", region="kymenlaakso"
        )
        results: dict = {
            "concurrency": CONCURRENCY,
            "throughput_seconds": THROUGHPUT_SECONDS,
            "cpus": os.cpu_count(),
            "load_average_before": os.getloadavg(),
        }
        for transport in ("aiohttp", "httpx"):
            gateway = start(
                f"gateway-{transport}",
                "gateway.main:create_app",
                gateway_env(db, plans, broker.bootstrap_servers, transport),
                root,
            )
            processes.append(gateway)
            bearer, _, plan_id = await seed(gateway, client_id, secret, len(results))
            direct = Target(
                f"{plans.url}/api/v1/plans/{plan_id}",
                {"x-internal-token": DEV_INTERNAL_TOKEN, "x-actor-organisation": org_id},
            )
            through = Target(
                f"{gateway.url}/api/v1/plans/{plan_id}", {"Authorization": f"Bearer {bearer}"}
            )
            hop_process = start(
                f"bare-hop-{transport}",
                "passthrough:create_app",
                {
                    **gateway_env(db, plans, broker.bootstrap_servers, transport),
                    "PYTHONPATH": os.pathsep.join(
                        filter(None, (str(BENCH), os.environ.get("PYTHONPATH")))
                    ),
                },
                root,
            )
            processes.append(hop_process)
            hop = Target(
                f"{hop_process.url}/api/v1/plans/{plan_id}", {"x-actor-organisation": org_id}
            )
            print(f"plan read (GET /api/v1/plans/{{id}}), gateway transport {transport}:")
            results[transport] = await compare(transport, direct, through, hop)
            for process in (gateway, hop_process):
                process.stop()
                processes.remove(process)
        results["load_average_after"] = os.getloadavg()
        report(results)
        (RESULTS / "gateway_read.json").write_text(json.dumps(results, indent=2) + "\n")
        print(f"results: {RESULTS / 'gateway_read.json'}")
    finally:
        for process in processes:
            process.stop()
        broker.stop()


def report(results: dict) -> None:
    for transport in ("aiohttp", "httpx"):
        direct, gw = results[transport]["direct"], results[transport]["gateway"]
        ratio = gw["throughput"]["rps"] / direct["throughput"]["rps"]
        added = gw["latency"]["p50_ms"] - direct["latency"]["p50_ms"]
        hop = results[transport]["bare_hop"]["latency"]["p50_ms"] - direct["latency"]["p50_ms"]
        results[f"ratio_{transport}"] = round(ratio, 3)
        results[f"added_p50_ms_{transport}"] = round(added, 3)
        results[f"bare_hop_added_p50_ms_{transport}"] = round(hop, 3)
        results[f"added_over_direct_p50_{transport}"] = round(
            added / direct["latency"]["p50_ms"], 3
        )
        ok_ratio = "meets" if ratio >= 0.5 else "MISSES"
        ok_added = "meets" if added <= 2.0 else "MISSES"
        print(
            f"gateway ({transport}): throughput {ratio:.0%} of direct ({ok_ratio} ≥ 50 %), "
            f"added p50 {added:.2f} ms ({ok_added} ≤ 2 ms; {added / direct['latency']['p50_ms']:.2f} × direct p50); "
            f"a bare hop on the same client adds {hop:.2f} ms, the gateway's own work {added - hop:.2f} ms"
        )


if __name__ == "__main__":
    asyncio.run(main())
