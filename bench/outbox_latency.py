"""Outbox end-to-end latency and sustained throughput, against the broker's own round trip.

Baseline: a producer sends one message at a time (acks=all) and a consumer built the
same way as the services' consumers receives it; latency = send → receive.
Measured: a unit of work commits a row and its outbox event; the relay publishes it;
the inbox consumer applies it and commits; latency = producer commit → consumer commit.
Both run in the same process against the same embedded broker, paced so that we
measure latency and not queueing. Then a burst of events from concurrent writers gives
the sustained committed-events-per-second rate of one service on SQLite, with the
consuming service in its own process as deployed.

Targets (issue #2): outbox p99 ≤ 3 × broker round-trip p99; ≥ 500 committed events/s.
Run: `uv run python bench/outbox_latency.py [--small]` (writes bench/results/outbox_latency.json).
"""

import argparse
import asyncio
import dataclasses
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

from harness import Result, broker
from harness.cli import parse
from sqlalchemy import Column, Integer, MetaData, String, Table

from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.kafka import ensure_topics, make_consumer, make_producer, stop_client
from tukiverkko_common.runtime import Runtime, ServiceSpec
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.tables import define_messaging_tables
from tukiverkko_common.uow import UnitOfWork

PACE_SECONDS = 0.01
BURST_WRITERS = 20
SMALL = {"paced": 150, "burst": 1_500}
FULL = {"paced": 400, "burst": 5_000}

metadata = MetaData()
tables = define_messaging_tables(metadata)
rows = Table(
    "bench_rows", metadata, Column("id", Integer, primary_key=True), Column("client", String(40))
)
applied = Table(
    "bench_applied", metadata, Column("id", Integer, primary_key=True), Column("n", Integer)
)


class Measured(EventData):
    event_type: ClassVar[str] = "fi.tukiverkko.bench.measured.v1"
    topic: ClassVar[str] = "bench.outbox"
    n: int


async def broker_round_trip(settings: ServiceSettings, events: int) -> list[float]:
    """Send → receive latency of single messages through the broker, no database involved."""
    topic = "bench.baseline"
    await ensure_topics(settings, [topic])
    consumer = make_consumer(settings, topic, group_id="bench-baseline")
    producer = make_producer(settings)
    await consumer.start()
    await producer.start()
    latencies: list[float] = []
    try:
        await _warm_up(consumer, producer, topic)
        for n in range(events):
            sent = time.perf_counter()
            await producer.send_and_wait(
                topic, value=str(n).encode(), key=f"client-{n % 50}".encode()
            )
            while True:
                batch = await consumer.getmany(timeout_ms=1000)
                if any(r.value == str(n).encode() for records in batch.values() for r in records):
                    break
            latencies.append(time.perf_counter() - sent)
            await asyncio.sleep(PACE_SECONDS)
    finally:
        await stop_client(producer)
        await stop_client(consumer)
    return latencies


async def _warm_up(consumer, producer, topic: str) -> None:
    await producer.send_and_wait(topic, value=b"warm-up", key=b"warm-up")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        batch = await consumer.getmany(timeout_ms=1000)
        if any(r.value == b"warm-up" for records in batch.values() for r in records):
            return
    raise RuntimeError("baseline consumer never received the warm-up message")


class TimedRuntime(Runtime):
    """A runtime whose consumer units of work note when each event's transaction committed."""

    def __init__(self, spec: ServiceSpec) -> None:
        super().__init__(spec)
        self.consumer_committed: dict[int, float] = {}
        self.consumer._uow_factory = self._timed_uow  # type: ignore[union-attr]

    def _timed_uow(self) -> UnitOfWork:
        runtime = self

        class Timed(UnitOfWork):
            async def commit(self) -> None:
                await super().commit()
                now = time.perf_counter()
                for n in getattr(self, "applied_ns", ()):
                    runtime.consumer_committed[n] = now

        return Timed(self.sessions, self.spec.tables, source="/tukiverkko/bench")


async def apply(uow: UnitOfWork, event: CloudEvent) -> None:
    """Consumer side: project the event and tag the unit of work for timing."""
    await uow.session.execute(applied.insert().values(n=event.data["n"]))
    uow.__dict__.setdefault("applied_ns", []).append(event.data["n"])


async def write(runtime: Runtime, n: int) -> float:
    """Producer side: one use case = one row + one event in one transaction; return commit time."""
    async with runtime.uow() as uow:
        await (await uow.session.connection()).execute(
            rows.insert(), {"client": f"client-{n % 50}"}
        )
        uow.stage(Measured(n=n), key=f"client-{n % 50}")
        await uow.commit()
    return time.perf_counter()


async def outbox_paced(runtime: TimedRuntime, events: int) -> list[float]:
    """Commit → consumer-commit latency, one event at a time."""
    committed: dict[int, float] = {}
    await _wait_applied(runtime, [await write(runtime, -1)], [-1], timeout=60)
    for n in range(events):
        committed[n] = await write(runtime, n)
        await _wait_applied(runtime, [committed[n]], [n], timeout=30)
        await asyncio.sleep(PACE_SECONDS)
    return [runtime.consumer_committed[n] - committed[n] for n in range(events)]


async def _wait_applied(
    runtime: TimedRuntime, _times: list[float], ns: list[int], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while not all(n in runtime.consumer_committed for n in ns):
        if time.monotonic() > deadline:
            raise RuntimeError(f"events {ns[:5]}… not applied within {timeout}s")
        await asyncio.sleep(0.0005)


async def outbox_burst(
    settings: ServiceSettings, spec: ServiceSpec, events: int
) -> dict[str, float]:
    """A producing service's writers commit a burst; a consumer service in another process applies it.

    As deployed, the producer (API + relay) and the consuming service are separate
    processes; sharing one event loop here would measure the consumer's CPU, not the outbox.
    """
    producer_spec = dataclasses.replace(
        spec,
        name="bench-burst",
        handlers={},
        topics=[],
        settings=settings.model_copy(update={"service_name": "bench-burst"}),
    )
    runtime = Runtime(producer_spec)
    async with runtime.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    consumer_db = settings.data_dir / "bench-consumer.db"
    consumer = subprocess.Popen(
        [sys.executable, __file__, "--consume", settings.bootstrap_servers, str(consumer_db)]
    )
    await runtime.start()
    try:
        await _wait_count(consumer_db, 0, timeout=60)  # consumer service up, tables created
        return await _burst(runtime, consumer_db, events)
    finally:
        await runtime.stop()
        consumer.terminate()
        consumer.wait()


async def _burst(runtime: Runtime, consumer_db: Path, events: int) -> dict[str, float]:
    queue = list(range(events))

    async def writer() -> None:
        while queue:
            await write(runtime, queue.pop())

    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(BURST_WRITERS)))
    commits_done = time.perf_counter()
    await _wait_count(consumer_db, events, timeout=300)
    drained = time.perf_counter()
    return {
        "events": events,
        "writers": BURST_WRITERS,
        "committed_per_second": events / (commits_done - started),
        "end_to_end_per_second": events / (drained - started),
    }


async def _wait_count(db: Path, expected: int, timeout: float) -> None:
    """Wait until the consumer process's database holds `expected` applied rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                if conn.execute("SELECT count(*) FROM bench_applied").fetchone()[0] >= expected:
                    return
        except sqlite3.OperationalError:
            pass  # not created yet
        await asyncio.sleep(0.05)
    raise RuntimeError(f"consumer did not apply {expected} events within {timeout}s")


async def consume_forever(bootstrap: str, db: Path) -> None:
    """The consuming service of the burst: inbox consumer only, in its own process."""
    settings = ServiceSettings(
        service_name="bench-consumer",
        environment="development",
        database_url=f"sqlite+aiosqlite:///{db}",
        kafka_bootstrap_servers=bootstrap,
        log_json=False,
        log_level="WARNING",
    )
    spec = ServiceSpec(
        name="bench-consumer",
        title="bench",
        description="",
        settings=settings,
        metadata=metadata,
        tables=tables,
        routers=[],
        handlers={Measured.event_type: apply},
        topics=[Measured.topic],
    )
    runtime = Runtime(spec)
    async with runtime.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    runtime.start_workers()
    await asyncio.Event().wait()


async def run(args: argparse.Namespace) -> tuple[list[float], list[float], dict[str, float]]:
    """Broker round trips, paced outbox latencies (seconds) and the burst's rates."""
    with broker() as kafka, tempfile.TemporaryDirectory() as tmp:
        settings = ServiceSettings(
            service_name="bench-outbox",
            environment="development",
            data_dir=Path(tmp),
            kafka_bootstrap_servers=kafka.bootstrap_servers,
            log_json=False,
            log_level="WARNING",
            migrate_on_start=False,
        )
        baseline = await broker_round_trip(settings, args.paced)
        spec = ServiceSpec(
            name="bench-outbox",
            title="bench",
            description="",
            settings=settings,
            metadata=metadata,
            tables=tables,
            routers=[],
            handlers={Measured.event_type: apply},
            topics=[Measured.topic],
        )
        runtime = TimedRuntime(spec)
        async with runtime.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        await runtime.start()
        try:
            paced = await outbox_paced(runtime, args.paced)
        finally:
            await runtime.stop()
        burst = await outbox_burst(settings, spec, args.burst)
    return baseline, paced, burst


def report(out: Result, baseline: list[float], paced: list[float], burst: dict[str, float]) -> None:
    """Distributions, ratios against the broker, and the two targets of issue #2."""
    broker_ms = out.latency("broker round trip (baseline)", [x * 1000 for x in baseline])
    outbox_ms = out.latency("outbox commit → consumer commit", [x * 1000 for x in paced])
    out.value("burst: committed events/s", burst["committed_per_second"], "events/s")
    out.value("burst: end-to-end events/s", burst["end_to_end_per_second"], "events/s")
    out.details["burst"] = burst
    p99_ratio = outbox_ms.summary["p99"] / broker_ms.summary["p99"]
    out.ratios["p99 outbox / broker"] = round(p99_ratio, 3)
    out.ratios["p50 outbox / broker"] = round(
        outbox_ms.summary["p50"] / broker_ms.summary["p50"], 3
    )
    out.target(
        "outbox p99 / broker p99",
        p99_ratio,
        "<=",
        3.0,
        "× broker",
        baseline="broker round trip p99",
        ratio=p99_ratio,
        ratio_label="broker p99",
    )
    out.target(
        f"committed events/s, {BURST_WRITERS} writers, SQLite",
        burst["committed_per_second"],
        ">=",
        500,
        "events/s",
    )


def main() -> int:
    if sys.argv[1:2] == ["--consume"]:
        asyncio.run(consume_forever(sys.argv[2], Path(sys.argv[3])))
        return 0
    args = parse(argparse.ArgumentParser(description=__doc__.splitlines()[0]), SMALL, FULL)
    out = Result(
        "outbox_latency",
        args.mode,
        "Outbox commit → consumer commit against the broker's own round trip (issue #2)",
        sizes={
            "paced_events": args.paced,
            "burst_events": args.burst,
            "burst_writers": BURST_WRITERS,
            "pace_seconds": PACE_SECONDS,
        },
        baseline="broker produce → consume, one message at a time, same broker",
    )
    report(out, *asyncio.run(run(args)))
    out.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
