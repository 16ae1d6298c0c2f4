"""Fault test: an outbox row the broker will not take is parked; it never blocks other keys.

The broker's limit is played by the producer's max_request_size (what aiokafka checks
before sending): a row over it fails on its own, is parked after `outbox_max_attempts`,
its key's later rows wait, other keys flow; the operator raises the limit, restarts the
service and releases the row with the admin command, and the key's rows follow in order.
"""

import asyncio

import pytest
from sqlalchemy import func, select

from tests.foundation.conftest import Ledger, ledger_settings, running_ledger
from tests.foundation.ledger import record_entry
from tukiverkko_common import outbox_admin, relay
from tukiverkko_common.kafka import make_producer
from tukiverkko_common.outbox_parking import list_parked
from tukiverkko_common.testing.plugin import unique_topic_suffix
from tukiverkko_common.testing.waiting import wait_until

LIMIT = 100_000


def limited_producers(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    def factory(settings):
        producer = make_producer(settings)
        producer._max_request_size = limit
        return producer

    monkeypatch.setattr(relay, "make_producer", factory)


async def stage(ledger: Ledger, client: str, n: int, padding: int = 0) -> None:
    class Padded(ledger.contract):
        padding: str = ""

    async with ledger.runtime.uow() as uow:
        if padding:
            uow.stage(Padded(client=client, n=n, padding="x" * padding), key=client)
            await uow.commit()
        else:
            await record_entry(uow, ledger.contract, client, n)


async def applied(ledger: Ledger, client: str) -> list[int]:
    return (await ledger.client.get(f"/applied/{client}")).json()


async def unsent(ledger: Ledger) -> int:
    outbox = ledger.runtime.spec.tables.outbox
    async with ledger.runtime.sessions() as s:
        return await s.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        )


def gauge(ledger: Ledger, name: str) -> float:
    return getattr(ledger.runtime.metrics, name)._value.get()


@pytest.mark.slow
async def test_unpublishable_row_is_parked_others_flow_and_release_publishes_in_order(
    database_url: str, bootstrap_servers: str, monkeypatch: pytest.MonkeyPatch, capsys
):
    suffix = unique_topic_suffix()
    settings = ledger_settings(
        database_url, bootstrap_servers, f"ledger-{suffix}", outbox_max_attempts=3
    )
    topic = f"test.ledger.{suffix}"
    monkeypatch.setenv("PARKTEST_DATABASE_URL", database_url)
    limited_producers(monkeypatch, LIMIT)
    async with running_ledger(settings, topic) as ledger:
        await stage(ledger, "stuck", 0, padding=2 * LIMIT)
        await stage(ledger, "stuck", 1)
        for n in range(3):
            await stage(ledger, "free", n)
        await wait_until(lambda: _is(applied(ledger, "free"), [0, 1, 2]))
        await wait_until(lambda: _true(gauge(ledger, "outbox_parked") == 1))
        rows = await list_parked(ledger.runtime.engine, ledger.runtime.spec.tables)
        assert [(r.attempts, r.waiting) for r in rows] == [(3, 1)]
        assert rows[0].error.startswith("MessageSizeTooLargeError")
        assert await applied(ledger, "stuck") == [], "the key's later row waits behind it"
        assert await unsent(ledger) == 2
        assert gauge(ledger, "outbox_backlog") == 2
        assert await admin(["parked", "--service", "parktest"]) == 0
        listing = capsys.readouterr().out
        assert f"{rows[0].seq}  fi.tukiverkko.test.entry_recorded.v1" in listing
        assert "attempts=3" in listing and "waiting=1" in listing and "xxx" not in listing
    limited_producers(monkeypatch, 4 * LIMIT)  # the operator raises the limit and restarts
    async with running_ledger(settings, topic) as ledger:
        assert await admin(["release", "--service", "parktest", "--all"]) == 0
        assert "released 1 row(s)" in capsys.readouterr().out
        await wait_until(lambda: _is(applied(ledger, "stuck"), [0, 1]))
        await wait_until(lambda: _true(gauge(ledger, "outbox_parked") == 0))
        assert await unsent(ledger) == 0
        assert await admin(["release", "--service", "parktest", "--all"]) == 1


async def test_admin_refuses_a_service_name_that_is_not_one(capsys):
    assert await admin(["parked", "--service", "../etc"]) == 2
    assert "not a service name" in capsys.readouterr().err


async def admin(argv: list[str]) -> int:
    """Run the admin command as an operator would: its own event loop, in its own thread."""
    return await asyncio.to_thread(outbox_admin.main, argv)


async def _is(values, expected) -> bool:
    return await values == expected


async def _true(value: bool) -> bool:
    return value
