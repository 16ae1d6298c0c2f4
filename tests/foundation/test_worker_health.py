"""A worker process's health endpoint: live while its loops turn (broker down or not), ready
with its database, and not live once a loop stops beating."""

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from tests.foundation.conftest import ledger_settings
from tests.foundation.ledger import ledger_spec, metadata
from tukiverkko_common.broker import free_port
from tukiverkko_common.db import create_engine, dispose
from tukiverkko_common.heartbeats import Heartbeats, no_beat
from tukiverkko_common.runtime import Runtime
from tukiverkko_common.testing.waiting import wait_until
from tukiverkko_common.worker_health import WorkerHealth

STALL = 5.0


class Clock:
    """Monotonic time that a test can move forward at once."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.skipped


@pytest.fixture
async def worker(tmp_path: Path) -> AsyncIterator[tuple[Runtime, httpx.AsyncClient, Clock]]:
    """A ledger worker whose broker is down from the start (nothing listens on its port)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'worker.db'}"
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await dispose(engine)
    settings = ledger_settings(
        url, f"127.0.0.1:{free_port()}", "health", worker_stall_seconds=STALL
    )
    spec, _ = ledger_spec(settings, "test.health.unused")
    async with _running(Runtime(spec)) as (runtime, client, clock):
        yield runtime, client, clock


@asynccontextmanager
async def _running(runtime: Runtime) -> AsyncIterator[tuple[Runtime, httpx.AsyncClient, Clock]]:
    clock = Clock()
    runtime.heartbeats = Heartbeats(clock)
    health = WorkerHealth(runtime)
    port = await health.start("127.0.0.1", 0)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            assert (await client.get("/health/ready")).status_code == 503, "not ready before start"
            runtime.start_workers()
            yield runtime, client, clock
    finally:
        await health.stop()
        await runtime.stop()


async def _status(client: httpx.AsyncClient, path: str, wanted: int) -> bool:
    return (await client.get(path)).status_code == wanted


async def test_a_worker_stays_live_and_ready_while_the_broker_is_down(worker):
    runtime, client, clock = worker
    await wait_until(lambda: _broker_down(runtime), timeout=10)
    ready = await client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "broker": "down", "workers": "started"}
    for _ in range(2):  # the second round finds every loop settled into its outage wait
        clock.skipped += STALL + 1  # every loop's last beat is now older than the limit …
        assert (await client.get("/health/live")).status_code == 503
        # … and each beats again on its next retry, broker or not.
        await wait_until(lambda: _status(client, "/health/live", 200), timeout=12)
    live = (await client.get("/health/live")).json()["checks"]
    assert live == {"BrokerWatch": "ok", "OutboxRelay": "ok", "InboxConsumer": "ok"}
    metrics = await client.get("/metrics")
    assert "outbox_backlog" in metrics.text and "relay_leader" in metrics.text
    assert (await client.post("/health/live")).status_code == 405
    assert (await client.get("/docs")).status_code == 404


async def test_a_worker_whose_relay_stops_beating_is_not_live(worker):
    runtime, client, clock = worker
    await wait_until(lambda: _status(client, "/health/live", 200), timeout=10)
    runtime.relay.heartbeat = no_beat  # the relay is stuck inside one turn
    clock.skipped += STALL + 1
    await wait_until(lambda: _only_the_relay_is_silent(client), timeout=10)
    assert (await client.get("/health/live")).status_code == 503


async def _only_the_relay_is_silent(client: httpx.AsyncClient) -> bool:
    checks = (await client.get("/health/live")).json()["checks"]
    others_turn = checks["BrokerWatch"] == checks["InboxConsumer"] == "ok"
    return others_turn and checks["OutboxRelay"].startswith("no heartbeat for ")


async def test_a_loop_whose_task_ended_fails_liveness(worker):
    runtime, client, _ = worker
    relay = next(t for t in runtime._tasks if t.get_name().endswith("-OutboxRelay"))
    relay.cancel()
    await wait_until(lambda: _status(client, "/health/live", 503), timeout=10)
    assert (await client.get("/health/live")).json()["checks"]["OutboxRelay"] == "stopped"


async def _broker_down(runtime: Runtime) -> bool:
    return not runtime.broker_watch.up
