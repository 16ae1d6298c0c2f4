"""Commit → dashboard latency: from the plans service committing an event to an SSE client receiving it.

Path measured: plans commits a visit and its VisitRecorded outbox row → the relay
publishes it → the gateway's inbox consumer stores the pseudonymised record → the SSE
hub wakes the open stream → the dashboard reads the message. Commit time is the event's
CloudEvents `time` (stamped in the committing transaction); arrival is when the
dashboard's aiohttp client has parsed the message. Baseline, same run and broker: one
message at a time from a producer to a consumer (the broker's own round trip).

Target (issue #5): p99 ≤ 100 ms. Visits are paced (not a burst) so this is latency, not
queueing. Run: `uv run python bench/gateway_sse.py [--small]` (writes bench/results/gateway_sse.json).
"""

import argparse
import asyncio
import json
import os
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).parent))

from gateway_common import Process, hetu, register, token
from harness import Result, broker, launch_app, start_apps, summarise
from harness.cli import parse

from tukiverkko_common.kafka import ensure_topics, make_consumer, make_producer, stop_client
from tukiverkko_common.settings import ServiceSettings

PACE_SECONDS = 0.05
SMALL = {"events": 60, "baseline_messages": 60}
FULL = {"events": 300, "baseline_messages": 200}


async def broker_round_trip(bootstrap: str, messages: int) -> list[float]:
    settings = ServiceSettings(
        service_name="bench-baseline", kafka_bootstrap_servers=bootstrap, environment="development"
    )
    topic = "bench.gateway.baseline"
    await ensure_topics(settings, [topic])
    consumer = make_consumer(settings, topic, group_id=f"bench-baseline-{os.getpid()}")
    producer = make_producer(settings)
    await consumer.start()
    await producer.start()
    latencies = []
    try:
        for n in range(-5, messages):
            sent = time.perf_counter()
            await producer.send_and_wait(topic, value=str(n).encode(), key=b"k")
            while not any(
                r.value == str(n).encode()
                for rs in (await consumer.getmany(timeout_ms=1000)).values()
                for r in rs
            ):
                pass
            if n >= 0:
                latencies.append(time.perf_counter() - sent)
            await asyncio.sleep(0.01)
    finally:
        await stop_client(producer)
        await stop_client(consumer)
    return latencies


def stored_latencies(db: Path, seqs: set[int]) -> list[float]:
    """Commit → the gateway's consumer having stored the record (the part before the SSE hop)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT seq, occurred_at, recorded_at FROM stream_records").fetchall()
    parse = datetime.fromisoformat
    return [
        (parse(r).replace(tzinfo=UTC) - parse(o).replace(tzinfo=UTC)).total_seconds()
        for seq, o, r in rows
        if seq in seqs
    ]


async def read_stream(
    session: aiohttp.ClientSession, url: str, headers: dict, arrivals: dict, ready: asyncio.Event
):
    async with session.get(
        url, headers=headers, timeout=aiohttp.ClientTimeout(total=None)
    ) as response:
        assert response.status == 200, await response.text()
        ready.set()
        data = None
        async for raw in response.content:
            line = raw.decode().rstrip("\r\n")
            if line.startswith("data:"):
                data = json.loads(line[5:].strip())
            elif not line and data is not None:
                if data["type"].endswith("visit_recorded.v1"):
                    arrivals[data["seq"]] = (time.time(), data["occurred_at"])
                data = None


async def main() -> None:
    args = parse(argparse.ArgumentParser(description=__doc__.splitlines()[0]), SMALL, FULL)
    out = Result(
        "gateway_sse",
        args.mode,
        "Commit in plans → a dashboard's SSE client receiving the event (issue #5)",
        sizes={
            "events": args.events,
            "pace_seconds": PACE_SECONDS,
            "baseline_messages": args.baseline_messages,
        },
        baseline="broker produce → consume, one message at a time, same broker",
    )
    root = Path(tempfile.mkdtemp(prefix="gateway-sse-bench-"))
    processes: list[Process] = []
    with broker(root) as kafka:
        try:
            latencies, stored, baseline = await run(kafka.bootstrap_servers, root, processes, args)
        finally:
            for process in processes:
                process.stop()
    write(out, latencies, stored, baseline)


async def run(
    bootstrap: str, root: Path, processes: list[Process], args: argparse.Namespace
) -> tuple[list[float], list[float], list[float]]:
    """Commit → SSE latencies, commit → stored latencies, broker round trips (seconds)."""
    baseline = await broker_round_trip(bootstrap, args.baseline_messages)
    db = f"sqlite+aiosqlite:///{root / 'gateway.db'}"
    _, region_client, region_secret = await register(
        db, "Kymenlaakson hva", "wellbeing_region", region="kymenlaakso"
    )
    _, dash_client, dash_secret = await register(
        db, "Tilannekuva", "dashboard", scopes=["stream:plans"], region="kymenlaakso"
    )
    plans = launch_app(
        "plans",
        "plans.main:create_app",
        {
            "PLANS_DATABASE_URL": f"sqlite+aiosqlite:///{root / 'plans.db'}",
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "PLANS_AUTO_CLOSE_MONTHS": "false",
            "PLANS_LOG_LEVEL": "WARNING",
        },
        root,
    )
    processes.append(plans)
    gateway = launch_app(  # beside plans: it needs plans' address, not plans up
        "gateway",
        "gateway.main:create_app",
        {
            "GATEWAY_DATABASE_URL": db,
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "TUKIVERKKO_UPSTREAMS": json.dumps({"plans": plans.url}),
            "GATEWAY_LOG_LEVEL": "WARNING",
            "GATEWAY_RATE_LIMIT_PER_SECOND": "100000",
            "GATEWAY_RATE_LIMIT_BURST": "100000",
        },
        root,
    )
    processes.append(gateway)
    start_apps(plans, gateway, log_dir=root)
    async with aiohttp.ClientSession() as session:
        region = {
            "Authorization": f"Bearer {await token(session, gateway.url, region_client, region_secret)}"
        }
        dashboard = {
            "Authorization": f"Bearer {await token(session, gateway.url, dash_client, dash_secret)}"
        }
        body = {
            "personal_identity_code": hetu(int(time.time()) % 20_000),
            "languages": ["fi"],
            "municipality": "286",
            "district": "kuusankoski",
            "region": "kymenlaakso",
        }
        async with session.post(f"{gateway.url}/api/v1/clients", json=body, headers=region) as r:
            client = await r.json()
        plan_body = {
            "legal_basis": ["social_welfare_act"],
            "responsible_worker_id": "wrk_" + "1" * 32,
            "area_coordinator_id": "wrk_" + "c" * 32,
        }
        async with session.post(
            f"{gateway.url}/api/v1/clients/{client['id']}/plans", json=plan_body, headers=region
        ) as r:
            plan = await r.json()
        arrivals: dict[int, tuple[float, str]] = {}
        ready = asyncio.Event()
        reader = asyncio.create_task(
            read_stream(session, f"{gateway.url}/api/v1/events/stream", dashboard, arrivals, ready)
        )
        await ready.wait()

        async def visit(n: int) -> None:
            body = {
                "occurred_at": "2026-03-02T10:00:00+02:00",
                "minutes": 30 + n % 60,
                "worker_id": "wrk_" + "1" * 32,
                "method": "home_visit",
            }
            async with session.post(
                f"{gateway.url}/api/v1/plans/{plan['id']}/visits", json=body, headers=region
            ) as r:
                assert r.status == 201, await r.text()

        # Warm-up: the pipeline (topics, consumer group, relay) is up once one visit arrives.
        deadline = time.monotonic() + 60
        while not arrivals and time.monotonic() < deadline:
            await visit(0)
            await asyncio.sleep(0.5)
        await asyncio.sleep(1.0)
        arrivals.clear()
        for n in range(args.events):
            await visit(n)
            await asyncio.sleep(PACE_SECONDS)
        deadline = time.monotonic() + 30
        while len(arrivals) < args.events and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        reader.cancel()
    latencies = [
        arrived - datetime.fromisoformat(stamp).timestamp() for arrived, stamp in arrivals.values()
    ]
    stored = stored_latencies(root / "gateway.db", set(arrivals))
    return latencies, stored, baseline


def write(out: Result, latencies: list[float], stored: list[float], baseline: list[float]) -> None:
    """One result: the three latency distributions, the target and its ratio to the broker."""
    sse = out.latency("commit → SSE client", [x * 1000 for x in latencies])
    out.latency("commit → stored by the gateway's consumer", [x * 1000 for x in stored])
    broker_ms = out.latency("broker round trip (baseline)", [x * 1000 for x in baseline])
    ratio = sse.summary["p99"] / max(broker_ms.summary["p99"], 0.001)
    out.ratios["p99 commit → SSE / broker round trip"] = round(ratio, 2)
    out.details["received"] = len(latencies)
    expected = out.sizes["events"]
    assert len(latencies) == expected, f"received {len(latencies)}/{expected} events"
    out.target(
        "commit → SSE p99",
        sse.summary["p99"],
        "<=",
        100.0,
        "ms",
        baseline="broker round trip p99",
        ratio=ratio,
        ratio_label="broker p99",
    )
    print(f"stored: {summarise([x * 1000 for x in stored])}")
    out.write()


if __name__ == "__main__":
    asyncio.run(main())
