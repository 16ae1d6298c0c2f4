"""A service process's infrastructure: engine, sessions, metrics, relay and consumers."""

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter
from sqlalchemy import MetaData, text

from tukiverkko_common.broker_watch import BrokerWatch
from tukiverkko_common.consumer import Handler, InboxConsumer
from tukiverkko_common.db import create_engine, dispose, session_factory
from tukiverkko_common.metrics import Metrics
from tukiverkko_common.migrations import upgrade
from tukiverkko_common.relay import OutboxRelay
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.tables import MessagingTables
from tukiverkko_common.uow import UnitOfWork

log = logging.getLogger(__name__)


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


class Runtime:
    """Owns one service's connections and background loops for the process lifetime."""

    def __init__(self, spec: ServiceSpec) -> None:
        self.spec = spec
        self.settings = spec.settings
        self.metrics = Metrics(spec.name)
        self.engine = create_engine(self.settings.effective_database_url)
        self.sessions = session_factory(self.engine)
        self.broker_watch = BrokerWatch(self.settings)
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
        self._tasks: list[asyncio.Task] = []
        self.state: dict[str, object] = {}

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

    def start_workers(self) -> None:
        """Start the background loops (also used by the standalone worker entry point)."""
        if self.relay or self.consumer:
            self._tasks.append(
                asyncio.create_task(self.broker_watch.run(), name=f"{self.spec.name}-BrokerWatch")
            )
        for loop in (self.relay, self.consumer):
            if loop is not None:
                self._tasks.append(
                    asyncio.create_task(loop.run(), name=f"{self.spec.name}-{type(loop).__name__}")
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

    async def readiness(self) -> dict[str, str]:
        """Check the database and the broker; return a status per dependency."""
        checks: dict[str, str] = {}
        try:
            async with self.engine.connect() as conn:
                await asyncio.wait_for(conn.execute(text("SELECT 1")), timeout=2)
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"unavailable: {type(exc).__name__}"
        if self.settings.run_workers and (self.relay or self.consumer):
            checks["broker"] = (
                "ok"
                if await self.broker_watch.probe()
                else "unavailable: no bootstrap server answered"
            )
        return checks
