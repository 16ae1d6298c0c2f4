"""Outbox relay: publishes committed outbox rows in order, marks them sent; one leader per service."""

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from sqlalchemy import Row, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from tukiverkko_common.backoff import backoff_delay
from tukiverkko_common.broker_watch import BrokerWatch
from tukiverkko_common.clock import utcnow
from tukiverkko_common.db import write_transaction
from tukiverkko_common.heartbeats import no_beat
from tukiverkko_common.kafka import ensure_topics, make_producer, stop_client
from tukiverkko_common.metrics import Metrics
from tukiverkko_common.outbox_parking import (
    count_unsent,
    describe,
    publishable,
    record_failures,
    row_specific,
)
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.tables import MessagingTables

log = logging.getLogger(__name__)
LEASE_NAME = "outbox-relay"
FAULT_PAUSE_ENV = "TUKIVERKKO_RELAY_FAULT_PAUSE_FILE"


class OutboxRelay:
    """Drain the outbox to Kafka. Woken after each commit; polls as a fallback."""

    def __init__(
        self,
        engine: AsyncEngine,
        tables: MessagingTables,
        settings: ServiceSettings,
        metrics: Metrics,
        broker_watch: BrokerWatch,
    ) -> None:
        self._engine = engine
        self._tables = tables
        self._settings = settings
        self._metrics = metrics
        self._wake = asyncio.Event()
        self._producer: AIOKafkaProducer | None = None
        self._watch = broker_watch
        self._generation = -1
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.connected = False
        self._known_topics: set[str] = set()
        self._lease_renew_at: datetime | None = None
        self._parked: int | None = None  # unknown until counted: rows may be parked already
        self.heartbeat: Callable[[], None] = no_beat

    def wake(self) -> None:
        """Signal that new rows were committed."""
        self._wake.set()

    async def run(self) -> None:
        """Loop until cancelled: hold the lease, publish, sleep until woken or the poll interval."""
        failures = 0
        try:
            while True:
                self.heartbeat()
                self._wake.clear()
                try:
                    ready = self._watch.up and await self.acquire_lease()
                    published = await self.drain_once() if ready else 0
                    if not ready:
                        await self.update_backlog()
                    failures = 0
                except Exception as exc:  # broker or database trouble: back off and retry
                    failures += 1
                    published = 0
                    await self._reset_producer()
                    log.warning(
                        "outbox relay error, retrying: %s: %s", type(exc).__name__, str(exc)[:200]
                    )
                    with contextlib.suppress(Exception):  # the backlog stays true in an outage
                        await self.update_backlog()
                if published >= self._settings.outbox_batch_size:
                    continue
                delay = self._settings.outbox_poll_seconds
                if failures:
                    delay = backoff_delay(failures, base=delay, cap=15.0)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=delay)
        finally:
            await self._reset_producer()
            await self.release_lease()

    async def acquire_lease(self) -> bool:
        """Take or renew the relay lease; True while this process is the one publisher.

        A held lease is renewed only once a third of it has passed, so a busy relay does
        not pay a write transaction per batch.
        """
        now = utcnow()
        if self._lease_renew_at is not None and now < self._lease_renew_at:
            return True
        won = await self._take_lease(now)
        third = timedelta(seconds=self._settings.relay_lease_seconds / 3)
        self._lease_renew_at = now + third if won else None
        return won

    async def _take_lease(self, now: datetime) -> bool:
        lease = self._tables.lease
        expires = now + timedelta(seconds=self._settings.relay_lease_seconds)
        async with write_transaction(self._engine) as conn:
            result = await conn.execute(
                update(lease)
                .where(lease.c.name == LEASE_NAME)
                .where((lease.c.owner == self.owner) | (lease.c.expires_at < now))
                .values(owner=self.owner, expires_at=expires)
            )
            won = result.rowcount == 1
            if not won:
                exists = await conn.scalar(
                    select(func.count()).select_from(lease).where(lease.c.name == LEASE_NAME)
                )
                if not exists:
                    try:
                        async with conn.begin_nested():
                            await conn.execute(
                                lease.insert().values(
                                    name=LEASE_NAME, owner=self.owner, expires_at=expires
                                )
                            )
                        won = True
                    except IntegrityError:
                        won = False
        self._metrics.relay_leader.set(1 if won else 0)
        return won

    async def release_lease(self) -> None:
        """Give the lease up so another relay can take over at once."""
        self._lease_renew_at = None
        lease = self._tables.lease
        try:
            async with write_transaction(self._engine) as conn:
                await conn.execute(
                    update(lease)
                    .where(lease.c.name == LEASE_NAME, lease.c.owner == self.owner)
                    .values(expires_at=utcnow() - timedelta(seconds=1))
                )
        except Exception:  # shutting down; the lease expires by itself
            log.info("relay lease not released; it will expire")
        self._metrics.relay_leader.set(0)

    async def drain_once(self) -> int:
        """Publish one batch of publishable rows in commit order; return how many were published."""
        rows = await self._next_batch()
        if not rows:
            if self._parked != 0:  # rows may be waiting behind a parked one
                await self.update_backlog()
            return 0
        producer = await self._ensure_producer()
        new_topics = {row.topic for row in rows} - self._known_topics
        if new_topics:
            # A memory-only broker forgets its topics on restart; never rely on auto-creation.
            await ensure_topics(self._settings, sorted(new_topics))
            self._known_topics |= new_topics
        sent, failed = await self._publish(producer, rows)
        if self._generation != self._watch.generation or not self._watch.up:
            raise ConnectionError("broker restarted while publishing; republishing the batch")
        fault_pause(self._settings)
        if sent:
            await self._mark_sent(sent)
            self._metrics.outbox_published.inc(len(sent))
        if failed:
            await self._record_failures(failed)
        if failed or self._parked != 0 or len(rows) >= self._settings.outbox_batch_size:
            await self.update_backlog()
        else:  # the common case costs no count: this batch was all there was
            self._metrics.outbox_backlog.set(0)
        return len(sent)

    async def _next_batch(self) -> list[Row]:
        outbox = self._tables.outbox
        async with self._engine.connect() as conn:
            result = await conn.execute(
                select(
                    outbox.c.seq, outbox.c.topic, outbox.c.key, outbox.c.headers, outbox.c.payload
                )
                .where(publishable(self._tables))
                .order_by(outbox.c.seq)
                .limit(self._settings.outbox_batch_size)
            )
            return list(result.all())

    async def update_backlog(self) -> None:
        """Count unsent and parked rows into the metrics (also while the broker is away)."""
        async with self._engine.connect() as conn:
            unsent, parked = await count_unsent(conn, self._tables)
        self._parked = parked
        self._metrics.outbox_backlog.set(unsent)
        self._metrics.outbox_parked.set(parked)

    async def _publish(
        self, producer: AIOKafkaProducer, rows: list[Row]
    ) -> tuple[list[int], dict[int, str]]:
        """Send the rows; return the seqs the broker took and the errors of rows it would not.

        A row that fails on its own holds back its key's later rows in this batch; a broker
        that fails as a whole (an error `row_specific` does not name) fails the batch.
        """
        failed: dict[int, str] = {}
        blocked: set[tuple[str, str]] = set()
        pending = []
        for row in rows:
            if (row.topic, row.key) in blocked:
                continue
            try:
                pending.append((row, await producer.send(**_record(row))))
            except Exception as exc:
                if not row_specific(exc):
                    raise
                failed[row.seq] = describe(exc)
                blocked.add((row.topic, row.key))
        results = await asyncio.gather(*(f for _, f in pending), return_exceptions=True)
        sent = []
        for (row, _), result in zip(pending, results, strict=True):
            if isinstance(result, BaseException):
                if not row_specific(result):
                    raise result
                failed[row.seq] = describe(result)
                blocked.add((row.topic, row.key))
            elif (row.topic, row.key) not in blocked:
                # A later row of a key whose earlier row the broker refused stays unsent, so
                # it is published again after that row (the consumers' inbox drops the copy).
                sent.append(row.seq)
        return sent, failed

    async def _record_failures(self, failed: dict[int, str]) -> None:
        parked = await record_failures(
            self._engine, self._tables, failed, self._settings.outbox_max_attempts
        )
        for seq, error in failed.items():
            log.warning("outbox row not publishable", extra={"seq": seq, "error": error})
        if parked:
            log.error(
                "outbox rows parked; their keys wait until released (tukiverkko-admin outbox)",
                extra={"parked": parked},
            )

    async def _mark_sent(self, seqs: list[int]) -> None:
        outbox = self._tables.outbox
        async with write_transaction(self._engine) as conn:
            await conn.execute(
                update(outbox).where(outbox.c.seq.in_(seqs)).values(sent_at=utcnow())
            )

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if not self._watch.up:
            raise ConnectionError("broker unreachable")
        if self._producer is not None and self._generation != self._watch.generation:
            await self._reset_producer()
        if self._producer is None:
            self._generation = self._watch.generation
            producer = make_producer(self._settings)
            try:
                await producer.start()
            except Exception:
                await stop_client(producer)
                raise
            self._producer = producer
            self.connected = True
        return self._producer

    async def _reset_producer(self) -> None:
        producer, self._producer = self._producer, None
        self.connected = False
        self._known_topics.clear()
        if producer is not None and not await stop_client(producer):  # dropped either way
            log.info("producer did not stop cleanly during reset")


def _record(row: Row) -> dict[str, Any]:
    """Serialise a row for the producer (a row that cannot be serialised fails here, alone)."""
    return {
        "topic": row.topic,
        "value": row.payload.encode(),
        "key": row.key.encode(),
        "headers": [(k, v.encode()) for k, v in row.headers],
    }


def fault_pause(settings: ServiceSettings) -> None:
    """Fault-test hook: stop between publishing and marking rows sent, for a test to SIGKILL us.

    Set TUKIVERKKO_RELAY_FAULT_PAUSE_FILE to a path: the relay writes it and freezes the
    process (blocking the event loop on purpose, so nothing else is marked). Never in production.
    """
    marker = os.environ.get(FAULT_PAUSE_ENV)
    if not marker or settings.environment == "production":
        return
    Path(marker).write_text(str(os.getpid()))
    while True:
        time.sleep(1)
