from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from tests.foundation.ledger import build_ledger, metadata
from tukiverkko_common.db import create_engine
from tukiverkko_common.events import EventData
from tukiverkko_common.runtime import Runtime
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.testing.plugin import unique_topic_suffix


@dataclass
class Ledger:
    app: FastAPI
    client: httpx.AsyncClient
    contract: type[EventData]
    topic: str
    settings: ServiceSettings

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime


def ledger_settings(database_url: str, bootstrap: str, name: str, **overrides) -> ServiceSettings:
    values = {
        "service_name": name,
        "database_url": database_url,
        "kafka_bootstrap_servers": bootstrap,
        "outbox_poll_seconds": 0.2,
        "consumer_backoff_seconds": 0.02,
        "consumer_max_attempts": 3,
        "relay_lease_seconds": 2.0,
        "log_json": False,
        "kafka_request_timeout_ms": 3000,
    }
    values.update(overrides)
    return ServiceSettings(**values)


@asynccontextmanager
async def running_ledger(settings: ServiceSettings, topic: str, *, consume: bool = True):
    engine = create_engine(settings.effective_database_url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await engine.dispose()
    app, contract = build_ledger(settings, topic, consume=consume)
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger") as client:
            yield Ledger(app, client, contract, topic, settings)


@pytest.fixture
async def ledger(database_url: str, bootstrap_servers: str):
    suffix = unique_topic_suffix()
    settings = ledger_settings(database_url, bootstrap_servers, f"ledger-{suffix}")
    async with running_ledger(settings, f"test.ledger.{suffix}") as running:
        yield running
