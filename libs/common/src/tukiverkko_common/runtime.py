"""A service process's infrastructure: engine, sessions, metrics, relay and consumers."""

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from tukiverkko_common.backoff import backoff_delay
from tukiverkko_common.broker_watch import BrokerWatch
from tukiverkko_common.consumer import Handler, InboxConsumer
from tukiverkko_common.db import (
    autocommit,
    create_engine,
    create_read_engine,
    dispose,
    pool_options,
    session_factory,
)
from tukiverkko_common.heartbeats import Heartbeats
from tukiverkko_common.metrics import Metrics
from tukiverkko_common.migrations import upgrade
from tukiverkko_common.relay import OutboxRelay
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.tables import MessagingTables
from tukiverkko_common.uow import UnitOfWork

log = logging.getLogger(__name__)


LOOP_BACKOFF_SECONDS = 0.5
LOOP_BACKOFF_MAX_SECONDS = 30.0
LOOP_HEALTHY_SECONDS = 60.0  # a loop that ran this long before crashing starts its backoff afresh


@dataclass(frozen=True)
class BackgroundLoop:
    """A loop a service runs beside its relay and consumer, wherever its workers run.

    `run` gets the process's runtime and should loop until cancelled; `enabled` reads
    the service's settings (a loop may be switched off, e.g. in tests).
    """

    name: str
    run: Callable[["Runtime"], Coroutine[Any, Any, None]]
    enabled: Callable[[Any], bool] = field(default=lambda settings: True)


@dataclass
class ServiceSpec:
    """What a service declares; `build_app` turns it into a running FastAPI app."""

    name: str
    title: str
    description: str
    settings: ServiceSettings
    metadata: MetaData
    tables: MessagingTables | None
    routers: list[APIRouter]
    migrations: Path | None = None
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    version: str = "1.0.0"
    internal: bool = True
    openapi_tags: list[dict] = field(default_factory=list)
    loops: list[BackgroundLoop] = field(default_factory=list)


class Runtime:
    """Owns one service's connections and background loops for the process lifetime."""

    def __init__(self, spec: ServiceSpec) -> None:
        self.spec = spec
        self.settings = spec.settings
        self.metrics = Metrics(spec.name)
        self.engine = create_engine(
            self.settings.effective_database_url,
            **pool_options(self.settings.effective_database_url, self.settings),
        )
        self.sessions = session_factory(self.engine)
        self.read_engine: AsyncEngine | None = None
        """The in-loop SQLite engine of short reads, once one was served (`short_reads`)."""
        self._short_reads: async_sessionmaker[AsyncSession] | None = None
        self.broker_watch = BrokerWatch(self.settings, gauge=self.metrics.broker_up)
        self.relay = (
            OutboxRelay(self.engine, spec.tables, self.settings, self.metrics, self.broker_watch)
            if spec.tables
            else None
        )
        self.consumer = (
            InboxConsumer(
                name=f"{spec.name}-inbox",
                topics=spec.topics,
                handlers=spec.handlers,
                uow_factory=self.uow,
                settings=self.settings,
                metrics=self.metrics,
                broker_watch=self.broker_watch,
            )
            if spec.topics and spec.tables
            else None
        )
        self.heartbeats = Heartbeats()
        self._tasks: list[asyncio.Task] = []
        self._workers_started = False
        self.state: dict[str, object] = {}

    def short_reads(self) -> AsyncSession:
        """Return a session for a short hot read (`ShortReadDep`): in the event loop on a SQLite
        file; on PostgreSQL the pool's connections without a transaction (no BEGIN, no ROLLBACK).

        Its engine is built at the first such read: most services never serve one.
        """
        if self._short_reads is None:
            self.read_engine = create_read_engine(self.engine)
            self._short_reads = session_factory(self.read_engine or autocommit(self.engine))
        return self._short_reads()

    def uow(self) -> UnitOfWork:
        """Return a new unit of work whose commit wakes this process's relay."""
        if self.spec.tables is None:
            raise RuntimeError(f"{self.spec.name} has no outbox")
        return UnitOfWork(
            self.sessions,
            self.spec.tables,
            source=f"/tukiverkko/{self.spec.name}",
            on_commit=self.relay.wake if self.relay else None,
        )

    async def start(self) -> None:
        """Migrate, then start the relay and consumer loops if this process runs workers."""
        if self.settings.migrate_on_start and self.spec.migrations:
            await self.start_migrations()
        if self.settings.run_workers:
            self.start_workers()

    async def start_migrations(self) -> None:
        """Apply this service's Alembic migrations up to head."""
        if self.spec.migrations is None:
            raise RuntimeError(f"{self.spec.name} declares no migrations")
        await asyncio.to_thread(upgrade, self.spec.migrations, self.settings.effective_database_url)

    @property
    def runs_workers(self) -> bool:
        """Return True once this process started the relay, consumer and declared loops."""
        return self._workers_started

    def start_workers(self) -> None:
        """Start the relay, consumer and the spec's loops (API process or worker entry point)."""
        self._workers_started = True
        loops: list[BackgroundLoop] = []
        if self.relay or self.consumer:
            loops.append(BackgroundLoop("BrokerWatch", lambda rt: rt.broker_watch.run()))
            self.broker_watch.heartbeat = self.heartbeats.beater("BrokerWatch")
        if self.relay is not None:
            loops.append(BackgroundLoop("OutboxRelay", lambda rt: rt.relay.run()))  # type: ignore[union-attr]
            self.relay.heartbeat = self.heartbeats.beater("OutboxRelay")
        if self.consumer is not None:
            loops.append(BackgroundLoop("InboxConsumer", lambda rt: rt.consumer.run()))  # type: ignore[union-attr]
            self.consumer.heartbeat = self.heartbeats.beater("InboxConsumer")
        loops += [loop for loop in self.spec.loops if loop.enabled(self.settings)]
        for loop in loops:
            name = f"{self.spec.name}-{loop.name}"
            self._tasks.append(asyncio.create_task(self.supervise(loop), name=name))

    async def supervise(self, loop: BackgroundLoop) -> None:
        """Run a loop until cancelled; log a crash (or an early return) and restart it with backoff."""
        failures = 0
        while True:
            started = time.monotonic()
            try:
                await loop.run(self)
                log.error("background loop %s returned; restarting it", loop.name)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("background loop %s crashed; restarting it", loop.name)
            failures = 1 if time.monotonic() - started > LOOP_HEALTHY_SECONDS else failures + 1
            self.metrics.loop_restarts.labels(loop.name).inc()
            await asyncio.sleep(
                backoff_delay(failures, base=LOOP_BACKOFF_SECONDS, cap=LOOP_BACKOFF_MAX_SECONDS)
            )

    async def stop(self) -> None:
        """Cancel the loops and close the database."""
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            # Bounded: a broker that vanished must not hold the process hostage at shutdown.
            _, pending = await asyncio.wait(
                self._tasks, timeout=self.settings.shutdown_timeout_seconds
            )
            if pending:
                log.warning(
                    "background loops still stopping at shutdown: %s",
                    [t.get_name() for t in pending],
                )
        self._tasks.clear()
        await dispose(self.engine)
        if self.read_engine is not None:
            await dispose(self.read_engine)

    def liveness(self) -> tuple[bool, dict[str, str]]:
        """Return whether every background loop is running and turning, and a status per loop.

        A loop's task that ended, or a relay, consumer or broker watch that has not beaten
        for `worker_stall_seconds`, is wedged; they beat while retrying, so an outage is not.
        """
        prefix = f"{self.spec.name}-"
        checks = {
            task.get_name().removeprefix(prefix): "stopped" if task.done() else "ok"
            for task in self._tasks
        }
        for name, age in self.heartbeats.ages().items():
            if age > self.settings.worker_stall_seconds:
                checks[name] = f"no heartbeat for {age:.0f}s"
        return all(status == "ok" for status in checks.values()), checks

    async def readiness(self) -> tuple[bool, dict[str, str]]:
        """Return whether the process can serve requests, and a status per dependency.

        Only the database decides: while the broker is away, writes still commit to the
        outbox and are published later, so the broker's state is reported, not gated on.
        """
        checks: dict[str, str] = {}
        try:
            async with self.engine.connect() as conn:
                await asyncio.wait_for(conn.execute(text("SELECT 1")), timeout=2)
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"unavailable: {type(exc).__name__}"
        ready = checks["database"] == "ok"
        if self.runs_workers and (self.relay or self.consumer):
            checks["broker"] = "up" if self.broker_watch.up else "down"
        return ready, checks
