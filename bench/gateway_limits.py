"""What a shared per-request rate limit costs: a plan read through the gateway, limit in the
gateway's database (every replica counts once) against the limit in the process's memory.

Same run, same plans process, same gateway database: two gateway processes that differ
only in GATEWAY_RATE_LIMIT_SHARED, on SQLite and again on PostgreSQL (Debian's, started
as the tests start it). Latency one request at a time, the two gateways taking turns;
throughput at a fixed concurrency in alternating phases. The shared limit is one upsert
per request (limits.py); the ratio says what it costs next to the read itself.
Run: `uv run python bench/gateway_limits.py` (writes bench/results/gateway_limits.json).
"""

import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from gateway_common import RESULTS, Process, Target, alternating, interleaved, register, start
from gateway_read import gateway_env, seed

from tukiverkko_common.broker import EmbeddedBroker
from tukiverkko_common.testing.postgres import PostgresServer, find_bindir

CONCURRENCY = 32
THROUGHPUT_SECONDS = 8.0
PHASES = 4
LATENCY_SECONDS = 8.0


async def measure(db: str, plans: Process, bootstrap: str, root: Path, label: str) -> dict:
    """Start a memory-limit and a shared-limit gateway on `db`; compare their plan reads."""
    _, client_id, secret = await register(
        db, "Kymenlaakson hyvinvointialue", "wellbeing_region", region="kymenlaakso"
    )
    gateways = {}
    try:
        for shared in ("0", "1"):
            env = gateway_env(db, plans, bootstrap, "aiohttp") | {
                "GATEWAY_RATE_LIMIT_SHARED": shared
            }
            gateways[shared] = start(
                f"gateway-{label}-{shared}", "gateway.main:create_app", env, root
            )
        bearer, _, plan_id = await seed(gateways["0"], client_id, secret, len(label))
        memory, shared_ = (
            Target(f"{g.url}/api/v1/plans/{plan_id}", {"Authorization": f"Bearer {bearer}"})
            for g in (gateways["0"], gateways["1"])
        )
        single = await interleaved(memory, shared_, seconds=LATENCY_SECONDS)
        many = await alternating(memory, shared_, CONCURRENCY, THROUGHPUT_SECONDS, PHASES)
    finally:
        for process in gateways.values():
            process.stop()
    assert all(run.errors == 0 for run in (*single, *many)), f"{label}: errors during the run"
    result = {
        "memory": {"latency": single[0].summary(), "throughput": many[0].summary()},
        "shared": {"latency": single[1].summary(), "throughput": many[1].summary()},
    }
    added = result["shared"]["latency"]["p50_ms"] - result["memory"]["latency"]["p50_ms"]
    ratio = result["shared"]["throughput"]["rps"] / result["memory"]["throughput"]["rps"]
    result |= {"added_p50_ms": round(added, 3), "throughput_ratio": round(ratio, 3)}
    print(
        f"{label}: shared limit adds {added:.2f} ms p50 (memory p50 "
        f"{result['memory']['latency']['p50_ms']:.2f} ms); throughput {ratio:.0%} of the "
        f"memory limit's ({result['memory']['throughput']['rps']:.0f} → "
        f"{result['shared']['throughput']['rps']:.0f} req/s at {CONCURRENCY})"
    )
    return result


async def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="gateway-limits-bench-"))
    broker = EmbeddedBroker(log_path=root / "broker.log").start()
    bindir = find_bindir()
    postgres = PostgresServer(bindir).start() if bindir else None
    plans = None
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
        results: dict = {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()}
        databases = {"sqlite": f"sqlite+aiosqlite:///{root / 'gateway.db'}"}
        if postgres is not None:
            databases["postgresql"] = await postgres.create_database("gateway_bench")
        else:
            print("PostgreSQL binaries not found: PostgreSQL part skipped")
        for label, db in databases.items():
            results[label] = await measure(db, plans, broker.bootstrap_servers, root, label)
        results["load_average_after"] = os.getloadavg()
        (RESULTS / "gateway_limits.json").write_text(json.dumps(results, indent=2) + "\n")
        print(f"results: {RESULTS / 'gateway_limits.json'}")
    finally:
        if plans is not None:
            plans.stop()
        if postgres is not None:
            postgres.stop()
        broker.stop()


if __name__ == "__main__":
    asyncio.run(main())
