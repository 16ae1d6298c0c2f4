"""Benchmark: realisation for 5,000 clients × 12 months with 200,000 visits, through the plans API.

The plans app runs under uvicorn on a free port with SQLite in a temporary folder; the data
is bulk-loaded with plain SQL (the same tables the migrations create); then a real HTTP client
(aiohttp) measures, one request at a time, p50/p99 of:
  - reading a single plan (the baseline, in the same run),
  - one client's month (GET /api/v1/clients/{id}/realisation?month=),
  - the whole region's month (GET /api/v1/realisation?month=).
Targets: one client-month p99 ≤ 20 ms; the region's month ≤ 2 s. Results go to
bench/results/plans_realisation.json.
"""

import asyncio
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp

from plans.config import DEV_IDENTITY_KEY
from plans.identity import identity_hash
from plans.main import MIGRATIONS
from tukiverkko_common.broker import free_port, wait_for_port
from tukiverkko_common.migrations import upgrade
from tukiverkko_common.settings import DEV_INTERNAL_TOKEN

CLIENTS = 5_000
VISITS = 200_000
YEAR = 2025
MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
DISTRICTS = ["kouvola-keskusta", "kuusankoski", "valkeala", "elimaki", "anjalankoski", "jaala"]
COORDINATORS = [f"wrk_c{i:031x}" for i in range(25)]
PHASE_MINUTES = {"readiness_assessment": 660, "intensive": 660, "normal": 420, "light": 240}
SAMPLES = {"plan": 1000, "client_month": 1000, "region_month": 24}
TARGETS_MS = {"client_month_p99": 20.0, "region_month_p99": 2000.0}
RESULTS = Path(__file__).resolve().parent / "results" / "plans_realisation.json"
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


def client_rows(rng: random.Random) -> tuple[list[dict], list[dict], list[dict]]:
    """Return clients, plans and plan versions."""
    clients, plans, versions = [], [], []
    for n in range(CLIENTS):
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


def visit_rows(rng: random.Random, plans: list[dict], services: dict[str, str]) -> list[dict]:
    """Return 200,000 visits spread over the year (Helsinki-agnostic: instants in UTC)."""
    start = datetime(YEAR, 1, 1, tzinfo=UTC) - timedelta(hours=2)
    rows = []
    for _ in range(VISITS):
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


def load(path: Path) -> tuple[list[str], list[str]]:
    """Migrate and bulk-load; return the client and plan ids."""
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(MIGRATIONS, url)
    rng = random.Random(42)
    clients, plans, versions = client_rows(rng)
    details = detail_rows(rng, plans)
    services = {s["plan_id"]: s["id"] for s in details["agreed_services"]}
    db = sqlite3.connect(path)
    with db:
        for table, rows in [
            ("clients", clients),
            ("plans", plans),
            ("plan_versions", versions),
            *details.items(),
            ("visits", visit_rows(rng, plans, services)),
        ]:
            insert(db, table, rows)
    db.execute("ANALYZE")
    db.close()
    return [str(uuid.UUID(c["id"])) for c in clients], [str(uuid.UUID(p["id"])) for p in plans]


def start_server(path: Path, port: int, log: Path) -> subprocess.Popen:
    """Start the plans app under uvicorn (no relay: nothing here publishes)."""
    env = dict(
        os.environ,
        PLANS_DATABASE_URL=f"sqlite+aiosqlite:///{path}",
        PLANS_RUN_WORKERS="false",
        PLANS_LOG_LEVEL="WARNING",
        PLANS_AUTO_CLOSE_MONTHS="false",
    )
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "plans.main:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    wait_for_port("127.0.0.1", port, timeout=60)
    return process


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
    """Return p50/p99/max/mean in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(p99, 2),
        "max_ms": round(ordered[-1], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
    }


async def measure(base: str, client_ids: list[str], plan_ids: list[str]) -> dict:
    """Measure the three operations one request at a time, interleaved so they share conditions."""
    rng = random.Random(7)
    results: dict[str, list[float]] = {"plan": [], "client_month": [], "region_month": []}
    headers = {"x-internal-token": DEV_INTERNAL_TOKEN}
    async with aiohttp.ClientSession(base, headers=headers) as session:
        for _ in range(50):  # warm-up: connections, caches, the app's first requests
            await timed(session, f"/api/v1/plans/{rng.choice(plan_ids)}")
            await timed(
                session,
                f"/api/v1/clients/{rng.choice(client_ids)}/realisation",
                {"month": "2025-06"},
            )
        region_every = SAMPLES["client_month"] // SAMPLES["region_month"]
        check = await consistency(session, client_ids, rng)
        for i in range(SAMPLES["client_month"]):
            results["plan"].append(
                (await timed(session, f"/api/v1/plans/{rng.choice(plan_ids)}"))[0]
            )
            month = rng.choice(MONTHS)
            path = f"/api/v1/clients/{rng.choice(client_ids)}/realisation"
            results["client_month"].append((await timed(session, path, {"month": month}))[0])
            if i % region_every == 0 and len(results["region_month"]) < SAMPLES["region_month"]:
                took, _ = await timed(
                    session,
                    "/api/v1/realisation",
                    {"month": MONTHS[len(results["region_month"]) % 12]},
                )
                results["region_month"].append(took)
    return {name: summary(values) for name, values in results.items()} | {"consistency": check}


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


def report(results: dict, load_seconds: float, loadavg: tuple[float, float]) -> dict:
    """Print the table, ratios against the plan read and the targets; return the JSON document."""
    plan, client, region = results["plan"], results["client_month"], results["region_month"]
    ratios = {
        "client_month_p99_vs_plan_p99": round(client["p99_ms"] / plan["p99_ms"], 2),
        "region_month_p50_vs_plan_p50": round(region["p50_ms"] / plan["p50_ms"], 1),
    }
    verdict = {
        "client_month_p99": client["p99_ms"] <= TARGETS_MS["client_month_p99"],
        "region_month_p99": region["p99_ms"] <= TARGETS_MS["region_month_p99"],
    }
    print(
        f"data: {CLIENTS} clients, {VISITS} visits over {YEAR}, loaded in {load_seconds:.1f}s (SQLite)"
    )
    print(
        f"machine: {os.cpu_count()} CPUs, 1-min load average {loadavg[0]:.2f} before and {loadavg[1]:.2f} after measuring"
    )
    for name, s in (
        ("read one plan (baseline)", plan),
        ("one client-month", client),
        ("region's month", region),
    ):
        print(
            f"  {name:<26} n={s['n']:<5} p50 {s['p50_ms']:>8.2f} ms   p99 {s['p99_ms']:>8.2f} ms   max {s['max_ms']:>8.2f} ms"
        )
    print(f"  ratios: {ratios}")
    for key, target in TARGETS_MS.items():
        print(f"  target {key} ≤ {target:g} ms: {'met' if verdict[key] else 'MISSED'}")
    print(f"  consistency (region rows vs client months): {results['consistency']}")
    return {
        "benchmark": "plans_realisation",
        "clients": CLIENTS,
        "visits": VISITS,
        "months": 12,
        "database": "sqlite",
        "transport": "aiohttp over HTTP/1.1 to uvicorn",
        "load_seconds": round(load_seconds, 1),
        "results": results,
        "ratios": ratios,
        "targets_ms": TARGETS_MS,
        "met": verdict,
        "cpus": os.cpu_count(),
        "load_average_before_after": loadavg,
        "measured_at": datetime.now(UTC).isoformat(),
    }


def main() -> None:
    """Load, serve, measure, report."""
    with tempfile.TemporaryDirectory(prefix="plans-bench-") as tmp:
        path = Path(tmp) / "plans.db"
        started = time.perf_counter()
        client_ids, plan_ids = load(path)
        load_seconds = time.perf_counter() - started
        port = free_port()
        server = start_server(path, port, Path(tmp) / "uvicorn.log")
        before = os.getloadavg()[0]
        try:
            results = asyncio.run(measure(f"http://127.0.0.1:{port}", client_ids, plan_ids))
        finally:
            server.terminate()
            server.wait(timeout=15)
        document = report(results, load_seconds, (before, os.getloadavg()[0]))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
