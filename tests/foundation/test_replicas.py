"""Must-show (issue 17): the replica profile on PostgreSQL loses nothing when processes die.

`make run --replicas gateway=2,plans=2` as real processes: two gateways and two plans
APIs (a round robin in front of each pair), one consent API, one worker per service, each
service's own PostgreSQL database, the embedded broker. Writes go through both gateways
while one plans API and one gateway are SIGKILLed; afterwards every acknowledged write is
stored, every event is on its topic exactly once by CloudEvents id, every consumer applied
each event once, an SSE client on the surviving gateway saw every record, and only the
worker of each service ever held its relay lease.

Plans runs a second worker beside the launcher's, so two relays compete for its lease on one
database: the lease holder is SIGKILLed mid-stream, another relay takes the lease over, and
the relays' own metrics (read from each worker's health endpoint) show that at no moment did
more than one of them publish or claim the lease.
"""

import asyncio
import os
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.foundation.test_make_run import _ctrl_c, _pid, _port_free, _wait_for_banner
from tests.foundation.test_replicas_support import (
    LeaseWatch,
    RelayWatch,
    acknowledged_writes,
    answers_ready,
    every_record_on,
    health_url,
    register_callers,
    second_plans_worker,
)
from tukiverkko_common.broker import free_port
from tukiverkko_common.contracts.plans import TOPIC as PLANS_TOPIC
from tukiverkko_common.db import create_engine, dispose
from tukiverkko_common.launcher import discover
from tukiverkko_common.replicas import REPLICA_PORT_STEP, WORKER_HEALTH_PORT_STEP
from tukiverkko_common.testing.plugin import NO_POSTGRES
from tukiverkko_common.testing.postgres import find_bindir
from tukiverkko_common.testing.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
WRITES_PER_GATEWAY = 24
SERVICES = ("gateway", "plans", "consent")


def _start(data_dir: Path, offset: int) -> subprocess.Popen:
    env = dict(os.environ, TUKIVERKKO_BROKER_PORT=str(free_port()))
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    # The relays poll their outbox: the workers are other processes than the APIs that write.
    env |= {f"{name.upper()}_OUTBOX_POLL_SECONDS": "0.2" for name in SERVICES}
    env["PLANS_RELAY_LEASE_SECONDS"] = "3"  # a killed holder's lease frees within the test
    # The services this story needs: every process costs start-up time on two cores.
    only = ",".join(SERVICES)
    argv = ["--replicas", "gateway=2,plans=2", "--only", only, "--data-dir", str(data_dir)]
    return subprocess.Popen(
        [sys.executable, "-m", "tukiverkko_common.launcher", *argv, "--port-offset", str(offset)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _replica_offset() -> int:
    """A port offset under which every replica's port is free and below the ephemeral range."""
    ports = [
        d.port + step
        for d in discover(ROOT)
        if d.name in SERVICES
        for step in (0, REPLICA_PORT_STEP, 2 * REPLICA_PORT_STEP, WORKER_HEALTH_PORT_STEP)
    ]
    for _ in range(50):
        offset = random.randrange(10_000, 32_000 - max(ports), 10)
        if all(_port_free(port + offset) for port in ports):
            return offset
    raise RuntimeError("no free port range")


def _banner_value(lines: list[str], name: str) -> str:
    return next(line.split()[1] for line in lines if line.strip().startswith(name + " "))


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.timeout(420)
async def test_replicas_keep_every_acknowledged_write_and_event_through_sigkills(
    tmp_path: Path,
) -> None:
    if find_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail(NO_POSTGRES + " — CI must run the PostgreSQL variants")
        pytest.skip(NO_POSTGRES)
    offset = _replica_offset()
    data_dir = tmp_path / "var"
    process = _start(data_dir, offset)
    engines: dict[str, AsyncEngine] = {}
    try:
        _, lines = await asyncio.to_thread(_wait_for_banner, process, 180)
        db = _banner_value(lines, "postgres")
        engines = {name: create_engine(db.replace("<deployable>", name)) for name in SERVICES}
        gateways = [_banner_value(lines, f"gateway-{i}") for i in (1, 2)]
        plans_worker = health_url(lines, "plans-worker")
        await _exercise(engines, gateways, _banner_value(lines, "broker"), data_dir, plans_worker)
    finally:
        rest = await asyncio.to_thread(_ctrl_c, process)
        for engine in engines.values():
            await dispose(engine)
    assert "plans-1: killed by SIGKILL; restarting in" in rest
    assert "gateway-2: killed by SIGKILL; restarting in" in rest
    assert "all processes stopped." in rest


async def _exercise(
    engines: dict[str, AsyncEngine],
    gateways: list[str],
    bootstrap: str,
    data_dir: Path,
    plans_worker: str,
) -> None:
    region, dashboard = await register_callers(engines["gateway"], gateways[0])
    async with httpx.AsyncClient(timeout=10) as http:
        checks = (await http.get(f"{gateways[0]}/health/ready")).json()["checks"]
    assert "broker" not in checks, "API replicas run no relay or consumer (the worker does)"
    pids = {name: _pid(data_dir / "run" / f"{name}-worker.pid") for name in SERVICES}
    plans_db = str(engines["plans"].url.render_as_string(hide_password=False))
    second, second_url = second_plans_worker(plans_db, bootstrap, data_dir)
    try:
        await wait_until(partial(answers_ready, second_url), timeout=60, interval=0.3)
        await _exercise_relays(
            engines,
            gateways,
            bootstrap,
            data_dir,
            pids,
            region,
            dashboard,
            {"plans-worker": plans_worker, "plans-worker-2": second_url},
        )
    finally:
        second.kill()
        second.wait(timeout=30)


async def _exercise_relays(
    engines: dict[str, AsyncEngine],
    gateways: list[str],
    bootstrap: str,
    data_dir: Path,
    pids: dict[str, int],
    region: str,
    dashboard: str,
    plans_workers: dict[str, str],
) -> None:
    holder = data_dir.parent / "plans-relay-holder.pid"
    killed: list[int] = []
    async with (
        LeaseWatch(engines, {"plans": holder}) as leases,
        RelayWatch(plans_workers) as relays,
        httpx.AsyncClient(timeout=30) as http,
    ):
        seen: list[int] = []
        reader = asyncio.create_task(_read_stream(http, gateways[0], dashboard, seen))
        kills = {
            WRITES_PER_GATEWAY // 3: data_dir / "run" / "plans-1.pid",
            WRITES_PER_GATEWAY // 2: holder,  # whichever plans relay holds the lease now
            2 * WRITES_PER_GATEWAY // 3: data_dir / "run" / "gateway-2.pid",
        }
        acked = await acknowledged_writes(http, gateways, region, WRITES_PER_GATEWAY, kills, killed)
        assert min(len(ids) for ids in acked.values()) >= WRITES_PER_GATEWAY // 3, (
            f"writes went through both gateways: {[len(ids) for ids in acked.values()]}"
        )
        events = await _settled_events(engines, bootstrap)
        plans_events = events[PLANS_TOPIC]
        await _assert_stored(engines["plans"], {i for ids in acked.values() for i in ids})
        await _assert_applied_once(engines, plans_events)
        records = await _stream_seqs(engines["gateway"])
        await wait_until(lambda: _all_seen(seen, records), timeout=60)
        reader.cancel()
    _assert_one_relay_at_a_time(leases, relays, killed[1], pids)


def _assert_one_relay_at_a_time(
    leases: LeaseWatch, relays: RelayWatch, killed_holder: int, pids: dict[str, int]
) -> None:
    for name in ("gateway", "consent"):  # one worker each: it held the lease throughout
        assert [o.split(":")[1] for o in leases.owners[name]] == [str(pids[name])], name
    holders = [owner.split(":")[1] for owner in leases.history["plans"]]
    assert holders[0] == str(killed_holder), f"the SIGKILLed relay held the lease: {holders}"
    assert len(holders) >= 2 and str(killed_holder) not in holders[1:], (
        f"another relay took the lease over and the killed one never came back: {holders}"
    )
    assert relays.overlaps == [], "never two plans relays publishing or leading at once"
    assert sum(relays.rose.values()) > 0, f"the relays were seen publishing: {relays.rose}"


async def _read_stream(http: httpx.AsyncClient, gateway: str, token: str, seen: list[int]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with http.stream("GET", f"{gateway}/api/v1/events/stream", headers=headers) as response:
        assert response.status_code == 200
        async for line in response.aiter_lines():
            if line.startswith("id:"):
                seen.append(int(line.removeprefix("id:").strip()))


async def _all_seen(seen: list[int], records: list[int]) -> bool:
    return sorted(seen) == records


async def _settled_events(engines: dict[str, AsyncEngine], bootstrap: str) -> dict[str, list[str]]:
    """Wait until every outbox is published; check each topic holds each event exactly once."""
    for engine in engines.values():
        await wait_until(_none_unsent_in(engine), timeout=60)
    by_topic: dict[str, list[str]] = {}
    for engine in engines.values():
        async with engine.connect() as conn:
            for topic, event_id in await conn.execute(text("SELECT topic, event_id FROM outbox")):
                by_topic.setdefault(topic, []).append(event_id)
    assert by_topic.get(PLANS_TOPIC), "the writes produced plans events"
    for topic, ids in by_topic.items():
        on_topic = Counter(await every_record_on(bootstrap, topic))
        if topic == PLANS_TOPIC:
            # A relay SIGKILLed between publishing a batch and marking it sent leaves that batch
            # to its successor (at least once); the consumers' inboxes apply each id once.
            assert set(on_topic) == set(ids), f"{topic}: every outbox event, nothing else"
            assert max(on_topic.values()) <= 2, f"{topic}: only the killed relay's batch again"
        else:
            assert on_topic == Counter(ids), f"{topic}: every outbox event exactly once"
    return by_topic


def _none_unsent_in(engine: AsyncEngine) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        async with engine.connect() as conn:
            unsent = await conn.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))
        return not unsent

    return check


async def _assert_stored(plans: AsyncEngine, acknowledged: set[str]) -> None:
    async with plans.connect() as conn:
        stored = {str(UUID(str(i))) for i in await conn.scalars(text("SELECT id FROM clients"))}
    missing = {str(UUID(i)) for i in acknowledged} - stored
    assert not missing, f"{len(missing)} acknowledged writes were not stored"


async def _assert_applied_once(engines: dict[str, AsyncEngine], plans_events: list[str]) -> None:
    """The gateway (dashboard records) and consent (subjects) applied each plans event once."""
    expected = sorted(plans_events)
    for engine in (engines["gateway"], engines["consent"]):
        await wait_until(partial(_inbox_holds, engine, expected), timeout=60)
    async with engines["gateway"].connect() as conn:
        recorded = await conn.scalar(
            text("SELECT count(*) FROM stream_records WHERE stream = 'plans'")
        )
    async with engines["consent"].connect() as conn:
        learnt = await conn.scalar(text("SELECT count(*) FROM subjects WHERE origin = 'plans'"))
    assert recorded == learnt == len(expected), "one dashboard record and one subject per event"


async def _inbox_holds(engine: AsyncEngine, expected: list[str]) -> bool:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT event_id FROM inbox WHERE topic = :t"), {"t": PLANS_TOPIC}
        )
        return sorted(r.event_id for r in rows) == expected


async def _stream_seqs(gateway: AsyncEngine) -> list[int]:
    async with gateway.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT seq FROM stream_records WHERE stream = 'plans' AND region = 'kymenlaakso'"
                " ORDER BY seq"
            )
        )
        return [row.seq for row in rows]
