"""A service's declared loops run in whichever process runs its workers, and survive crashes."""

import asyncio
import logging
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from uuid import uuid4

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from gateway.main import MIGRATIONS
from gateway.models import organisations, webhook_deliveries, webhook_subscriptions
from plans.scheduler import previous_month
from tests.foundation.ledger import metadata
from tukiverkko_common.clock import utcnow
from tukiverkko_common.db import create_engine, dispose
from tukiverkko_common.migrations import alembic_config
from tukiverkko_common.runtime import BackgroundLoop, Runtime, ServiceSpec
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.testing.waiting import wait_until


async def _month_closed(url: str, month: str) -> bool:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            found = await conn.scalar(
                text("SELECT count(*) FROM realisation_months WHERE month = :m"), {"m": month}
            )
    except Exception:  # the worker has not migrated yet
        return False
    finally:
        await dispose(engine)
    return bool(found)


@pytest.mark.slow
async def test_plans_worker_process_closes_last_month_without_the_api(
    database_url: str, bootstrap_servers: str, tmp_path: Path
):
    env = dict(
        os.environ,
        PLANS_DATABASE_URL=database_url,
        KAFKA_BOOTSTRAP_SERVERS=bootstrap_servers,
        PLANS_AUTO_CLOSE_AFTER_DAY="1",  # every day is past the closing day
        PLANS_AUTO_CLOSE_INTERVAL_SECONDS="0.5",
        PLANS_LOG_JSON="false",
    )
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "plans.worker"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        month = previous_month(utcnow())
        await wait_until(lambda: _month_closed(database_url, month), timeout=60, interval=0.3)
    except AssertionError:
        raise AssertionError(log_path.read_text()[-3000:]) from None
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    assert worker.returncode == 0, "the worker stops cleanly on SIGTERM"


async def test_a_crashing_loop_is_logged_and_restarted(tmp_path: Path, caplog):
    runs: list[int] = []
    steady = asyncio.Event()

    async def flaky(runtime: Runtime) -> None:
        runs.append(len(runs) + 1)
        if len(runs) < 3:
            raise RuntimeError("loop broke")
        steady.set()
        await asyncio.Event().wait()

    settings = ServiceSettings(
        service_name="loops",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'loops.db'}",
        migrate_on_start=False,
    )
    spec = ServiceSpec(
        name="loops",
        title="loops",
        description="",
        settings=settings,
        metadata=metadata,
        tables=None,
        routers=[],
        loops=[
            BackgroundLoop("Flaky", flaky),
            BackgroundLoop("Off", flaky, enabled=lambda s: False),
        ],
    )
    runtime = Runtime(spec)
    caplog.set_level(logging.ERROR, logger="tukiverkko_common.runtime")
    runtime.start_workers()
    try:
        await asyncio.wait_for(steady.wait(), timeout=20)
    finally:
        await runtime.stop()
    assert runs == [1, 2, 3], "restarted after each crash; the disabled loop never ran"
    assert runtime.metrics.loop_restarts.labels("Flaky")._value.get() == 2
    crashes = [r for r in caplog.records if "Flaky crashed" in r.getMessage()]
    assert len(crashes) == 2 and all(r.exc_info for r in crashes)


class _Receiver(BaseHTTPRequestHandler):
    """A provider's webhook endpoint: remembers every body it was sent."""

    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        self.bodies.append(self.rfile.read(int(self.headers["content-length"])))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


async def _migrated(url: str, heads: set[str]) -> bool:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            applied = await conn.scalars(text("SELECT version_num FROM alembic_version"))
            return set(applied) == heads
    except Exception:  # not created yet
        return False
    finally:
        await dispose(engine)


async def _queue_delivery(url: str, target: str, payload: str) -> str:
    now = utcnow()
    org, subscription, delivery = str(uuid4()), str(uuid4()), str(uuid4())
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                organisations.insert().values(
                    id=org,
                    name="Palvelu Oy",
                    role="service_provider",
                    scopes=[],
                    sector="private",
                    active=True,
                    created_at=now,
                )
            )
            await conn.execute(
                webhook_subscriptions.insert().values(
                    id=subscription,
                    organisation_id=org,
                    url=target,
                    event_types=["referral.sent"],
                    created_at=now,
                )
            )
            await conn.execute(
                webhook_deliveries.insert().values(
                    id=delivery,
                    subscription_id=subscription,
                    message_id=f"msg_{delivery}",
                    event_type="referral.sent",
                    payload=payload,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    finally:
        await dispose(engine)
    return delivery


async def _delivered(url: str, delivery: str) -> bool:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            status = await conn.scalar(
                select(webhook_deliveries.c.status).where(webhook_deliveries.c.id == delivery)
            )
    finally:
        await dispose(engine)
    return status == "delivered"


@pytest.mark.slow
async def test_gateway_worker_process_delivers_webhooks_without_the_api(
    bootstrap_servers: str, tmp_path: Path
):
    url = f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}"
    heads = set(ScriptDirectory.from_config(alembic_config(MIGRATIONS, url)).get_heads())
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    env = dict(
        os.environ,
        GATEWAY_DATABASE_URL=url,
        KAFKA_BOOTSTRAP_SERVERS=bootstrap_servers,
        GATEWAY_WEBHOOK_POLL_SECONDS="0.2",
        GATEWAY_LOG_JSON="false",
    )
    worker = subprocess.Popen([sys.executable, "-m", "gateway.worker"], env=env)
    try:
        await wait_until(lambda: _migrated(url, heads), timeout=60, interval=0.3)
        payload = '{"type": "referral.sent", "data": {"referral_id": "r-1"}}'
        target = f"http://127.0.0.1:{receiver.server_port}/hooks"
        delivery = await _queue_delivery(url, target, payload)
        await wait_until(lambda: _delivered(url, delivery), timeout=60, interval=0.3)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        receiver.shutdown()
    assert _Receiver.bodies == [payload.encode()]
    assert worker.returncode == 0
