"""Benchmark: consent decisions/s and latency over real HTTP, against a trivial endpoint of the same app.

Starts the consent app under uvicorn (one process, SQLite in a temp dir), bulk-inserts
100,000 consents straight into the database, then drives POST /api/v1/decisions and
GET /health/live with an aiohttp client at moderate concurrency, in alternating rounds.
Prints the ratios and writes bench/results/consent_decisions.json.

    uv run python bench/consent_decisions.py [--small] [--consents 100000] [--concurrency 16] [--seconds 5]
"""

import argparse
import asyncio
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from harness import Process, Result, start_app, summarise
from harness.cli import parse
from sqlalchemy import create_engine, insert

from consent.main import MIGRATIONS
from consent.models import consents, grants, subjects
from tukiverkko_common.ids import new_id
from tukiverkko_common.migrations import upgrade
from tukiverkko_common.settings import DEV_INTERNAL_TOKEN

SMALL = {"consents": 10_000, "seconds": 1.0, "rounds": 1, "distinct": 5_000}
FULL = {"consents": 100_000, "seconds": 5.0, "rounds": 3, "distinct": 20_000}
PURPOSES = [
    "resource_file_inclusion",
    "network_sharing",
    "disclosure_to_organisation",
    "plan_sharing_with_provider",
    "statistics",
]
CATEGORIES = [
    "contact_details",
    "plan",
    "network_map",
    "free_text_notes",
    "identity",
    "service_delivery",
    "resource_card",
]


def seed(db_file: Path, n_consents: int, rng: random.Random) -> list[dict]:
    """Insert subjects, consents and grants with plain SQL inserts; return sample decision requests."""
    engine = create_engine(f"sqlite:///{db_file}")
    orgs = [str(new_id()) for _ in range(300)]
    now = datetime.now(UTC)
    subject_rows, consent_rows, grant_rows, requests = [], [], [], []
    for i in range(n_consents):
        if i % 2 == 0:
            subject_id = new_id()
            subject_rows.append(
                {"id": subject_id, "kind": "client", "origin": "plans", "registered_at": now}
            )
        status = rng.choices(["active", "withdrawn", "expired"], [8, 1, 1])[0]
        purpose, cats = rng.choice(PURPOSES), rng.sample(CATEGORIES, 2)
        recips = rng.sample(orgs, rng.randint(1, 2)) + (["team"] if rng.random() < 0.3 else [])
        cid = new_id()
        consent_rows.append(
            {
                "id": cid,
                "subject_id": subject_id,
                "subject_kind": "client",
                "purpose": purpose,
                "data_categories": cats,
                "recipients": recips,
                "given_by_role": "subject",
                "collection_method": "written",
                "notice_version": "v1",
                "notice_language": "fi",
                "valid_from": now - timedelta(days=30),
                "valid_until": now - timedelta(days=1)
                if status == "expired"
                else now + timedelta(days=365),
                "status": status,
                "recorded_at": now,
                "recorded_by_organisation": new_id(),
                "modified_at": now,
            }
        )
        grant_rows += [
            {
                "consent_id": cid,
                "data_category": c,
                "recipient": r,
                "subject_id": subject_id,
                "purpose": purpose,
            }
            for c in cats
            for r in recips
        ]
        hit = rng.random() < 0.5
        requests.append(
            {
                "subject_id": str(subject_id),
                "purpose": purpose if hit else rng.choice(PURPOSES),
                "data_category": cats[0] if hit else rng.choice(CATEGORIES),
                "recipient": recips[0] if hit else rng.choice(orgs),
            }
        )
    with engine.begin() as conn:
        conn.execute(insert(subjects), subject_rows)
        conn.execute(insert(consents), consent_rows)
        conn.execute(insert(grants), grant_rows)
    engine.dispose()
    return requests


async def drive(url: str, bodies: list[bytes] | None, seconds: float, concurrency: int) -> dict:
    """Run `concurrency` workers for `seconds`; return count, latencies and decision outcomes."""
    headers = {"x-internal-token": DEV_INTERNAL_TOKEN, "content-type": "application/json"}
    latencies: list[float] = []
    outcomes = {"permit": 0, "deny": 0, "error": 0}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as http:
        deadline = time.perf_counter() + seconds

        async def worker(seed_: int) -> None:
            i = seed_
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                if bodies is None:
                    async with http.get(url) as resp:
                        await resp.read()
                        ok = resp.status == 200
                else:
                    async with http.post(url, data=bodies[i % len(bodies)]) as resp:
                        payload = await resp.json()
                        ok = resp.status == 200
                        outcomes[payload.get("decision", "error") if ok else "error"] += 1
                latencies.append(time.perf_counter() - started)
                if not ok:
                    outcomes["error"] += bodies is None
                i += concurrency

        began = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        elapsed = time.perf_counter() - began
    return {
        "requests": len(latencies),
        "elapsed": elapsed,
        "latencies": latencies,
        "outcomes": outcomes,
    }


def merged(runs: list[dict]) -> dict:
    """Merge rounds into throughput and latency percentiles (milliseconds)."""
    lat = [x * 1000 for r in runs for x in r["latencies"]]
    total = sum(r["requests"] for r in runs)
    elapsed = sum(r["elapsed"] for r in runs)
    stats = summarise(lat)
    outcomes = {k: sum(r["outcomes"][k] for r in runs) for k in runs[0]["outcomes"]}
    return {
        "requests": total,
        "seconds": round(elapsed, 2),
        "per_second": round(total / elapsed, 1),
        "p50_ms": stats["p50"],
        "p99_ms": stats["p99"],
        "max_ms": stats["max"],
        "outcomes": outcomes,
        "samples_ms": lat,
    }


def start_server(db_file: Path, log_dir: Path) -> Process:
    """Start the consent app under uvicorn without the broker-bound background loops."""
    env = {
        "CONSENT_DATABASE_URL": f"sqlite+aiosqlite:///{db_file}",
        "CONSENT_RUN_WORKERS": "false",
        "CONSENT_LOG_LEVEL": "WARNING",
    }
    args = ("--loop", "uvloop", "--http", "httptools")
    return start_app("consent", "consent.main:create_app", env, log_dir, args)


async def measure(
    base: str, bodies: list[bytes], concurrency: int, args: argparse.Namespace
) -> dict:
    """Warm up, then alternate trivial and decision rounds so both see the same machine state."""
    trivial_url, decision_url = f"{base}/health/live", f"{base}/api/v1/decisions"
    await drive(trivial_url, None, 1.0, concurrency)
    await drive(decision_url, bodies, 2.0, concurrency)
    trivial, decisions = [], []
    for _ in range(args.rounds):
        trivial.append(await drive(trivial_url, None, args.seconds, concurrency))
        decisions.append(await drive(decision_url, bodies, args.seconds, concurrency))
    t, d = merged(trivial), merged(decisions)
    ratio = d["per_second"] / t["per_second"]
    return {
        "concurrency": concurrency,
        "trivial_endpoint": t,
        "decisions": d,
        "throughput_ratio": round(ratio, 3),
        "met": {"throughput_ratio": ratio >= 0.5, "p99": d["p99_ms"] <= 10.0},
    }


async def measure_all(base: str, requests: list[dict], args: argparse.Namespace) -> list[dict]:
    """Measure at each requested concurrency against the same server."""
    bodies = [json.dumps(r).encode() for r in requests[: args.distinct]]
    return [await measure(base, bodies, c, args) for c in args.concurrency]


def report(run: dict) -> None:
    """Print one concurrency's numbers and verdicts."""
    t, d, ratio = run["trivial_endpoint"], run["decisions"], run["throughput_ratio"]
    print(f"concurrency {run['concurrency']}:")
    print(
        f"  trivial /health/live: {t['per_second']:8.1f} req/s  p50 {t['p50_ms']:.2f} ms  p99 {t['p99_ms']:.2f} ms"
    )
    print(
        f"  decisions           : {d['per_second']:8.1f} req/s  p50 {d['p50_ms']:.2f} ms  p99 {d['p99_ms']:.2f} ms"
    )
    print(f"  outcomes {d['outcomes']}")
    verdict_ratio = "met" if run["met"]["throughput_ratio"] else "MISSED"
    verdict_p99 = "met" if run["met"]["p99"] else "MISSED"
    print(
        f"  throughput ratio {ratio:.2f} (target >= 0.50): {verdict_ratio}; p99 target <= 10 ms: {verdict_p99}"
    )


def record(out: Result, runs: list[dict]) -> None:
    """Per concurrency: both distributions, the ratio and the two targets of issue #18."""
    for run in runs:
        c, t, d = run["concurrency"], run["trivial_endpoint"], run["decisions"]
        out.latency(f"trivial at {c}", t.pop("samples_ms"))
        out.latency(f"decisions at {c}", d.pop("samples_ms"))
        out.ratios[f"decisions/trivial throughput at {c}"] = run["throughput_ratio"]
        out.target(
            f"decisions/s at {c}, share of trivial",
            run["throughput_ratio"],
            ">=",
            0.5,
            "× trivial",
            baseline="GET /health/live, same process",
            ratio=run["throughput_ratio"],
            ratio_label="trivial",
        )
        out.target(
            f"decision p99 at {c}",
            d["p99_ms"],
            "<=",
            10.0,
            "ms",
            baseline="trivial p99",
            ratio=d["p99_ms"] / t["p99_ms"],
            ratio_label="trivial p99",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consents", type=int)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4, 8, 16])
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--distinct", type=int, help="distinct decision requests cycled through")
    args = parse(parser, SMALL, FULL)
    out = Result(
        "consent_decisions",
        args.mode,
        "Consent decisions/s and latency against a trivial endpoint of the same app (issue #18)",
        sizes={k: getattr(args, k) for k in (*FULL, "concurrency")},
        baseline="GET /health/live of the same consent process, alternating rounds",
    )
    rng = random.Random(27560)
    with tempfile.TemporaryDirectory(prefix="consent-bench-") as tmp:
        db_file = Path(tmp) / "consent.db"
        upgrade(MIGRATIONS, f"sqlite+aiosqlite:///{db_file}")
        started = time.perf_counter()
        requests = seed(db_file, args.consents, rng)
        seeded = time.perf_counter() - started
        rng.shuffle(requests)
        server = start_server(db_file, Path(tmp))
        try:
            runs = asyncio.run(measure_all(server.url, requests, args))
        finally:
            server.stop()
    out.details = {
        "seed_seconds": round(seeded, 1),
        "database": "sqlite",
        "server": "uvicorn, 1 process, uvloop + httptools",
        "runs": runs,
    }
    print(f"seeded {args.consents} consents in {seeded:.1f}s")
    for run in runs:
        report(run)
    record(out, runs)
    out.write()


if __name__ == "__main__":
    main()
