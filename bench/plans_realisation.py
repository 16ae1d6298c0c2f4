"""Benchmark: realisation for 5,000 clients × 12 months with 200,000 visits, through the plans API.

The plans app runs under uvicorn on a free port with SQLite in a temporary folder; the data
is bulk-loaded with plain SQL (the same tables the migrations create); then a real HTTP client
(aiohttp) measures, one request at a time, p50/p99 of:
  - reading a single plan (the baseline, in the same run),
  - one client's month (GET /api/v1/clients/{id}/realisation?month=),
  - the whole region's month (GET /api/v1/realisation?month=).
Targets: one client-month p99 ≤ 20 ms; the region's month ≤ 2 s. Results go to
bench/results/plans_realisation.json. The script sets TUKIVERKKO_ENV=development itself
(the development identity key and internal token).

    uv run python bench/plans_realisation.py [--small] [--clients 5000] [--visits 200000]
"""

import os

# Before the imports below: plans reads its environment (identity key, internal token) at import.
os.environ.setdefault("TUKIVERKKO_ENV", "development")

import argparse
import asyncio
import json
import random
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
from harness import Process, Result, start_app, summarise
from harness.cli import parse

from plans.config import DEV_IDENTITY_KEY
from plans.identity import identity_hash
from plans.main import MIGRATIONS
from tukiverkko_common.migrations import upgrade
from tukiverkko_common.settings import DEV_INTERNAL_TOKEN

SMALL = {"clients": 500, "visits": 20_000, "samples": 150, "region_samples": 6}
FULL = {"clients": 5_000, "visits": 200_000, "samples": 1000, "region_samples": 24}
YEAR = 2025
MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
DISTRICTS = ["kouvola-keskusta", "kuusankoski", "valkeala", "elimaki", "anjalankoski", "jaala"]
COORDINATORS = [f"wrk_c{i:031x}" for i in range(25)]
PHASE_MINUTES = {"readiness_assessment": 660, "intensive": 660, "normal": 420, "light": 240}
TARGETS_MS = {"client_month_p99": 20.0, "region_month_p99": 2000.0}
NOW = datetime(2026, 1, 10, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def uid() -> str:
    """Return a UUIDv4 as SQLite stores SQLAlchemy's Uuid (32 hex digits)."""
    return uuid.uuid4().hex


def hetu(n: int) -> str:
    """Return a unique artificial identity code (individual number 900-999)."""
    day, month, year, individual = (
        1 + (n // 100) % 28,
        1 + (n // 2800) % 12,
        40 + n // 33600,
        900 + n % 100,
    )
    digits = f"{day:02d}{month:02d}{year:02d}{individual:03d}"
    return f"{digits[:6]}-{digits[6:]}{CHECK[int(digits) % 31]}"


def stamp(value: datetime) -> str:
    """Return a UTC instant in SQLAlchemy's SQLite storage format."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def insert(db: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    """Insert dict rows into a table in one executemany."""
    cols = list(rows[0])
    db.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [tuple(r[c] for c in cols) for r in rows],
    )


def client_rows(rng: random.Random, count: int) -> tuple[list[dict], list[dict], list[dict]]:
    """Return clients, plans and plan versions."""
    clients, plans, versions = [], [], []
    for n in range(count):
        cid, pid, code = uid(), uid(), hetu(n)
        clients.append(
            {
                "id": cid,
                "created_at": NOW,
                "modified_at": NOW,
                "personal_identity_code": code,
                "identity_code_hash": identity_hash(code, DEV_IDENTITY_KEY),
                "languages": '["fi"]',
                "communication_support": "[]",
                "municipality": "286",
                "district": rng.choice(DISTRICTS),
                "region": "kymenlaakso",
            }
        )
        coordinator = COORDINATORS[n % len(COORDINATORS)]
        plans.append(
            {
                "id": pid,
                "client_id": cid,
                "created_at": NOW,
                "modified_at": NOW,
                "status": "active",
                "current_version": 1,
                "approved_version": 1,
                "approved_at": NOW,
                "responsible_worker_id": f"wrk_{n % 200:032x}",
                "legacy_area_coordinator_id": coordinator,
            }
        )
        content = {
            "legal_basis": ["social_welfare_act"],
            "responsible_worker_id": f"wrk_{n % 200:032x}",
            "area_coordinator_id": coordinator,
            "participants": [{"role": "client"}],
            "client_view": "Haluan asua omassa kodissa.",
            "strengths": ["punctual"],
        }
        versions.append(
            {
                "id": uid(),
                "plan_id": pid,
                "client_id": cid,
                "version": 1,
                "content": json.dumps(content),
                "changed_fields": "[]",
                "created_at": NOW,
                "modified_at": NOW,
                "approved_at": NOW,
                "approved_by": "Maija Meikäläinen",
            }
        )
    return clients, plans, versions


def phase_rows(rng: random.Random, plan: dict) -> list[dict]:
    """Return 2-5 phase periods over the year, sometimes going back to an earlier phase."""
    order = list(PHASE_MINUTES)
    starts = sorted(rng.sample(range(1, 365), rng.randint(1, 4)))
    dates = [date(YEAR - 1, 12, rng.randint(1, 28))] + [
        date(YEAR, 1, 1) + timedelta(days=d) for d in starts
    ]
    rows, index = [], 0
    for i, start in enumerate(dates):
        previous = rows[-1]["phase"] if rows else None
        index = max(0, index - 1) if i and rng.random() < 0.2 else min(index + (1 if i else 0), 3)
        phase = order[index] if order[index] != previous else order[(index + 1) % 4]
        rows.append(
            {
                "id": uid(),
                "plan_id": plan["id"],
                "client_id": plan["client_id"],
                "phase": phase,
                "previous_phase": previous,
                "direction": "start" if not i else "forward",
                "started_on": start.isoformat(),
                "ended_on": dates[i + 1].isoformat() if i + 1 < len(dates) else None,
                "reason_code": "progress",
                "planned_minutes_per_month": PHASE_MINUTES[phase],
                "created_at": NOW,
                "modified_at": NOW,
            }
        )
    return rows


def detail_rows(rng: random.Random, plans: list[dict]) -> dict[str, list[dict]]:
    """Return phases, services (every other client) and goals per plan."""
    out: dict[str, list[dict]] = {"phases": [], "agreed_services": [], "goals": []}
    for n, plan in enumerate(plans):
        out["phases"] += phase_rows(rng, plan)
        for area in ("housing", "leisure"):
            out["goals"].append(
                {
                    "id": uid(),
                    "plan_id": plan["id"],
                    "client_id": plan["client_id"],
                    "life_area": area,
                    "description": "Oma koti",
                    "expressed_by": "client",
                    "status": "active",
                    "created_at": NOW,
                    "modified_at": NOW,
                }
            )
        if n % 2 == 0:
            out["agreed_services"].append(
                {
                    "id": uid(),
                    "plan_id": plan["id"],
                    "client_id": plan["client_id"],
                    "service_type": "home_care",
                    "legal_basis": "social_welfare_act",
                    "provider_kind": "organisation",
                    "provider_organisation_id": uid(),
                    "provider_sector": "private",
                    "amount_hours": rng.choice([1, 2, 3]),
                    "amount_per": "week",
                    "valid_from": f"{YEAR}-01-01",
                    "goal_ids": "[]",
                    "created_at": NOW,
                    "modified_at": NOW,
                }
            )
    return out


def visit_rows(
    rng: random.Random, plans: list[dict], services: dict[str, str], count: int
) -> list[dict]:
    """Return `count` visits spread over the year (Helsinki-agnostic: instants in UTC)."""
    start = datetime(YEAR, 1, 1, tzinfo=UTC) - timedelta(hours=2)
    rows = []
    for _ in range(count):
        plan = rng.choice(plans)
        at = start + timedelta(seconds=rng.randrange(365 * 86400))
        service = services.get(plan["id"]) if rng.random() < 0.3 else None
        rows.append(
            {
                "id": uid(),
                "plan_id": plan["id"],
                "client_id": plan["client_id"],
                "occurred_at": stamp(at),
                "minutes": rng.choice([30, 45, 60, 90, 120]),
                "worker_id": "wrk_00000000000000000000000000000001",
                "method": rng.choice(["meeting", "home_visit", "phone", "network_meeting"]),
                "service_id": service,
                "goal_ids": "[]",
                "note": "Lyhyt muistiinpano.",
                "created_at": NOW,
                "modified_at": NOW,
            }
        )
    return rows


def load(path: Path, args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """Migrate and bulk-load; return the client and plan ids."""
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(MIGRATIONS, url)
    rng = random.Random(42)
    clients, plans, versions = client_rows(rng, args.clients)
    details = detail_rows(rng, plans)
    services = {s["plan_id"]: s["id"] for s in details["agreed_services"]}
    db = sqlite3.connect(path)
    with db:
        for table, rows in [
            ("clients", clients),
            ("plans", plans),
            ("plan_versions", versions),
            *details.items(),
            ("visits", visit_rows(rng, plans, services, args.visits)),
        ]:
            insert(db, table, rows)
    db.execute("ANALYZE")
    db.close()
    return [str(uuid.UUID(c["id"])) for c in clients], [str(uuid.UUID(p["id"])) for p in plans]


def start_server(path: Path, log_dir: Path) -> Process:
    """Start the plans app under uvicorn (no relay: nothing here publishes)."""
    env = {
        "PLANS_DATABASE_URL": f"sqlite+aiosqlite:///{path}",
        "PLANS_RUN_WORKERS": "false",
        "PLANS_LOG_LEVEL": "WARNING",
        "PLANS_AUTO_CLOSE_MONTHS": "false",
    }
    return start_app(
        "plans", "plans.main:create_app", env, log_dir, (), ["KAFKA_BOOTSTRAP_SERVERS"]
    )


async def timed(
    session: aiohttp.ClientSession, url: str, params: dict | None = None
) -> tuple[float, dict]:
    """Return the milliseconds one GET took (body read) and the JSON."""
    started = time.perf_counter()
    async with session.get(url, params=params) as response:
        body = await response.json()
        assert response.status == 200, (url, response.status, body)
    return (time.perf_counter() - started) * 1000, body


def summary(samples: list[float]) -> dict[str, float]:
    """Return n and p50/p99/max/mean in milliseconds."""
    stats = summarise(samples, digits=2)
    return {
        "n": stats["n"],
        "p50_ms": stats["p50"],
        "p99_ms": stats["p99"],
        "max_ms": stats["max"],
        "mean_ms": stats["mean"],
    }


async def measure(
    base: str, client_ids: list[str], plan_ids: list[str], args: argparse.Namespace
) -> tuple[dict, dict[str, list[float]]]:
    """Measure the three operations one request at a time, interleaved so they share conditions."""
    rng = random.Random(7)
    results: dict[str, list[float]] = {"plan": [], "client_month": [], "region_month": []}
    headers = {"x-internal-token": DEV_INTERNAL_TOKEN}
    async with aiohttp.ClientSession(base, headers=headers) as session:
        for _ in range(
            min(50, args.samples // 3)
        ):  # warm-up: connections, caches, the app's first requests
            await timed(session, f"/api/v1/plans/{rng.choice(plan_ids)}")
            await timed(
                session,
                f"/api/v1/clients/{rng.choice(client_ids)}/realisation",
                {"month": "2025-06"},
            )
        region_every = max(1, args.samples // args.region_samples)
        check = await consistency(session, client_ids, rng)
        for i in range(args.samples):
            results["plan"].append(
                (await timed(session, f"/api/v1/plans/{rng.choice(plan_ids)}"))[0]
            )
            month = rng.choice(MONTHS)
            path = f"/api/v1/clients/{rng.choice(client_ids)}/realisation"
            results["client_month"].append((await timed(session, path, {"month": month}))[0])
            if i % region_every == 0 and len(results["region_month"]) < args.region_samples:
                took, _ = await timed(
                    session,
                    "/api/v1/realisation",
                    {"month": MONTHS[len(results["region_month"]) % 12]},
                )
                results["region_month"].append(took)
    stats = {name: summary(values) for name, values in results.items()}
    return stats | {"consistency": check}, results


async def consistency(
    session: aiohttp.ClientSession, client_ids: list[str], rng: random.Random
) -> dict:
    """Check that the region's rows equal the per-client answers for a sample of clients."""
    _, region = await timed(session, "/api/v1/realisation", {"month": "2025-05"})
    rows = {r["client_id"]: r for r in region["items"]}
    sample = rng.sample(client_ids, 50)
    mismatches = 0
    for cid in sample:
        _, single = await timed(session, f"/api/v1/clients/{cid}/realisation", {"month": "2025-05"})
        row = rows.get(cid, {"planned_minutes": 0, "delivered_minutes": 0})
        mismatches += (row["planned_minutes"], row["delivered_minutes"]) != (
            single["planned_minutes"],
            single["delivered_minutes"],
        )
    return {
        "region_clients": region["clients"],
        "region_shortfalls": region["shortfalls"],
        "sampled": len(sample),
        "mismatches": mismatches,
    }


def report(out: Result, results: dict, samples: dict[str, list[float]]) -> None:
    """Print the table; record the samples, ratios against the plan read and the targets."""
    plan, client, region = results["plan"], results["client_month"], results["region_month"]
    out.ratios = {
        "client_month_p99_vs_plan_p99": round(client["p99_ms"] / plan["p99_ms"], 2),
        "region_month_p50_vs_plan_p50": round(region["p50_ms"] / plan["p50_ms"], 1),
    }
    for name, label in (
        ("plan", "read one plan (baseline)"),
        ("client_month", "one client-month"),
        ("region_month", "the region's month"),
    ):
        out.latency(label, samples[name])
        s = results[name]
        print(
            f"  {label:<26} n={s['n']:<5} p50 {s['p50_ms']:>8.2f} ms   p99 {s['p99_ms']:>8.2f} ms"
        )
    out.target(
        "one client-month p99",
        client["p99_ms"],
        "<=",
        TARGETS_MS["client_month_p99"],
        "ms",
        baseline="plan read p99",
        ratio=client["p99_ms"] / plan["p99_ms"],
        ratio_label="plan read p99",
    )
    out.target(
        "the region's month p99",
        region["p99_ms"],
        "<=",
        TARGETS_MS["region_month_p99"],
        "ms",
        baseline="plan read p50",
        ratio=region["p99_ms"] / plan["p50_ms"],
        ratio_label="plan read p50",
    )
    consistency = results["consistency"]
    print(f"  consistency (region rows vs client months): {consistency}")
    assert consistency["mismatches"] == 0, "the region's month disagrees with client months"
    out.details = {
        "results": results,
        "database": "sqlite",
        "transport": "aiohttp over HTTP/1.1 to uvicorn",
    }


def main() -> None:
    """Load, serve, measure, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ("--clients", "--visits", "--samples", "--region-samples"):
        parser.add_argument(option, type=int)
    args = parse(parser, SMALL, FULL)
    out = Result(
        "plans_realisation",
        args.mode,
        "Realisation (planned vs delivered minutes) of a client-month and a region's month",
        sizes={k: getattr(args, k) for k in FULL} | {"months": 12},
        baseline="GET /api/v1/plans/{id}, same run, interleaved",
    )
    with tempfile.TemporaryDirectory(prefix="plans-bench-") as tmp:
        path = Path(tmp) / "plans.db"
        started = time.perf_counter()
        client_ids, plan_ids = load(path, args)
        out.details["load_seconds"] = round(time.perf_counter() - started, 1)
        server = start_server(path, Path(tmp))
        try:
            results, samples = asyncio.run(measure(server.url, client_ids, plan_ids, args))
        finally:
            server.stop()
    load_seconds = out.details["load_seconds"]
    report(out, results, samples)
    out.details["load_seconds"] = load_seconds
    out.write()


if __name__ == "__main__":
    main()
