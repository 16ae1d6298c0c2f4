"""Fault test: the relay process is SIGKILLed after publishing and before marking rows sent.

The restarted relay publishes the batch again, so the consumer receives every event twice.
With the inbox on, it drops each redelivered copy (counted) and applies every event once;
with the inbox off (the variant below), the copies are applied too: the inbox is what
makes the relay's at-least-once delivery safe.
"""

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.foundation.conftest import ledger_settings, running_ledger
from tests.foundation.ledger import applied, entry_contract, metadata, record_entry, tables
from tukiverkko_common.db import create_engine, dispose, session_factory
from tukiverkko_common.relay import FAULT_PAUSE_ENV
from tukiverkko_common.testing.plugin import unique_topic_suffix
from tukiverkko_common.testing.waiting import wait_until
from tukiverkko_common.uow import UnitOfWork

ROOT = Path(__file__).resolve().parents[2]
EVENTS = 8


def start_relay(database_url: str, bootstrap: str, topic: str, name: str, **env: str):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.foundation.relay_child",
            database_url,
            bootstrap,
            topic,
            name,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )


async def unsent(engine) -> int:
    async with engine.connect() as conn:
        return await conn.scalar(
            select(func.count()).select_from(tables.outbox).where(tables.outbox.c.sent_at.is_(None))
        )


@pytest.mark.slow
@pytest.mark.parametrize("inbox", [True, False], ids=["inbox-on", "inbox-off"])
async def test_relay_killed_between_publish_and_mark_sent(
    inbox: bool, database_url: str, bootstrap_servers: str, tmp_path: Path
):
    suffix = unique_topic_suffix()
    topic, name = f"test.crash.{suffix}", f"producer-{suffix}"
    producer_db = create_engine(database_url)
    async with producer_db.begin() as conn:
        await conn.run_sync(metadata.create_all)
    contract = entry_contract(topic)
    sessions = session_factory(producer_db)
    for n in range(EVENTS):
        async with UnitOfWork(sessions, tables, source="/tukiverkko/producer") as uow:
            await record_entry(uow, contract, f"client-{n % 3}", n)
    consumer_settings = ledger_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'consumer.db'}", bootstrap_servers, f"consumer-{suffix}"
    )
    marker = tmp_path / "published-not-marked"
    relay = start_relay(
        database_url, bootstrap_servers, topic, name, **{FAULT_PAUSE_ENV: str(marker)}
    )
    try:
        async with running_ledger(consumer_settings, topic) as consumer:
            consumer.runtime.consumer.inbox = inbox
            await wait_until(_exists(marker), timeout=60)
            assert int(marker.read_text()) == relay.pid
            os.kill(relay.pid, signal.SIGKILL)
            assert relay.wait(timeout=30) == -signal.SIGKILL
            assert await unsent(producer_db) == EVENTS, "killed before marking the batch sent"
            relay = start_relay(database_url, bootstrap_servers, topic, name)
            await wait_until(lambda: _is_zero(unsent(producer_db)), timeout=60)
            duplicates = consumer.runtime.metrics.consumed.labels("duplicate")
            if inbox:
                await wait_until(lambda: _at_least(duplicates._value.get(), EVENTS), timeout=60)
                assert await applied_ns(consumer) == list(range(EVENTS)), "each event once"
            else:
                await wait_until(lambda: _applied_rows(consumer, 2 * EVENTS), timeout=60)
                assert duplicates._value.get() == 0
                ns = await applied_ns(consumer)
                assert sorted(ns) == sorted(list(range(EVENTS)) * 2), "every copy was applied"
    finally:
        relay.kill()
        relay.wait(timeout=30)
        await dispose(producer_db)


async def applied_ns(consumer) -> list[int]:
    async with consumer.runtime.sessions() as s:
        return sorted((await s.execute(select(applied.c.n))).scalars())


async def _applied_rows(consumer, expected: int) -> bool:
    return len(await applied_ns(consumer)) >= expected


def _exists(path: Path):
    def written() -> bool:
        return path.exists() and bool(path.read_text())

    async def check() -> bool:
        return await asyncio.to_thread(written)

    return check


async def _is_zero(value) -> bool:
    return await value == 0


async def _at_least(value: float, expected: int) -> bool:
    return value >= expected
