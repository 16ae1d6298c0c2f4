"""What a shared per-request rate limit costs: a plan read through the gateway, limit in the
gateway's database (every replica counts once) against the limit in the process's memory.

Same run, same plans process, same gateway database: two gateway processes that differ
only in GATEWAY_RATE_LIMIT_SHARED, on SQLite and again on PostgreSQL (Debian's, started
as the tests start it). Latency one request at a time, the two gateways taking turns;
throughput at a fixed concurrency in alternating phases. The shared limit is one upsert
per request (limits.py); the ratio says what it costs next to the read itself.
Run: `uv run python bench/gateway_limits.py [--small]` (writes bench/results/gateway_limits.json).
"""

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from gateway_common import Process, Target, alternating, interleaved, register, start
from gateway_read import gateway_env, seed
from harness import Result, broker, launch_app, postgres, start_apps, versions
from harness.cli import parse

from tukiverkko_common.testing.postgres import find_bindir

CONCURRENCY = 32
PHASES = 4
SMALL = {"latency_seconds": 0.75, "throughput_seconds": 1.0}
FULL = {"latency_seconds": 8.0, "throughput_seconds": 8.0}


async def measure(
    db: str, plans: Process, bootstrap: str, root: Path, label: str, args: argparse.Namespace
) -> tuple[dict, tuple]:
    """Start a memory-limit and a shared-limit gateway on `db`; compare their plan reads."""
    _, client_id, secret = await register(
        db, "Kymenlaakson hyvinvointialue", "wellbeing_region", region="kymenlaakso"
    )
    gateways = {}
    try:
        for shared in ("0", "1"):  # launched together, so they start side by side
            env = gateway_env(db, plans, bootstrap, "aiohttp") | {
                "GATEWAY_RATE_LIMIT_SHARED": shared
            }
            gateways[shared] = launch_app(
                f"gateway-{label}-{shared}", "gateway.main:create_app", env, root
            )
        start_apps(*gateways.values(), log_dir=root)
        bearer, _, plan_id = await seed(gateways["0"], client_id, secret, len(label))
        memory, shared_ = (
            Target(f"{g.url}/api/v1/plans/{plan_id}", {"Authorization": f"Bearer {bearer}"})
            for g in (gateways["0"], gateways["1"])
        )
        single = await interleaved(memory, shared_, seconds=args.latency_seconds)
        many = await alternating(memory, shared_, CONCURRENCY, args.throughput_seconds, PHASES)
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
    return result, single


def record(out: Result, label: str, result: dict, single: tuple) -> None:
    """Samples and ratios of one database; no issue names a target, so none is recorded."""
    out.latency(f"{label}/limit in memory, one at a time", single[0].samples_ms)
    out.latency(f"{label}/limit shared, one at a time", single[1].samples_ms)
    memory_p50 = result["memory"]["latency"]["p50_ms"]
    out.ratios[f"{label}: throughput shared/memory at {CONCURRENCY}"] = result["throughput_ratio"]
    out.ratios[f"{label}: p50 shared/memory"] = round(
        (memory_p50 + result["added_p50_ms"]) / memory_p50, 3
    )


async def main() -> None:
    args = parse(argparse.ArgumentParser(description=__doc__.splitlines()[0]), SMALL, FULL)
    out = Result(
        "gateway_limits",
        args.mode,
        "A plan read with the rate limit shared in the gateway's database vs in memory",
        sizes={"concurrency": CONCURRENCY, **{k: getattr(args, k) for k in FULL}},
        baseline="the same read with the limit in memory, taking turns",
        versions=versions(postgres_bindir=find_bindir()),
    )
    root = Path(tempfile.mkdtemp(prefix="gateway-limits-bench-"))
    with broker(root) as kafka, postgres() as server:
        plans = start(
            "plans",
            "plans.main:create_app",
            {
                "PLANS_DATABASE_URL": f"sqlite+aiosqlite:///{root / 'plans.db'}",
                "KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
                "PLANS_AUTO_CLOSE_MONTHS": "false",
                "PLANS_LOG_LEVEL": "WARNING",
            },
            root,
        )
        try:
            # Replicas share a PostgreSQL database in production, so small mode measures that
            # one (SQLite only where PostgreSQL is missing); full mode measures both.
            databases: dict[str, str] = {}
            if args.mode != "small" or server is None:
                databases["sqlite"] = f"sqlite+aiosqlite:///{root / 'gateway.db'}"
            if server is not None:
                databases["postgresql"] = await server.create_database("gateway_bench")
            for label, db in databases.items():
                result, single = await measure(
                    db, plans, kafka.bootstrap_servers, root, label, args
                )
                out.details[label] = result
                record(out, label, result, single)
        finally:
            plans.stop()
    out.write()


if __name__ == "__main__":
    asyncio.run(main())
