"""Fixtures of the network suite: the service in-process on SQLite and PostgreSQL, the real broker.

Helpers live on the `network` fixture (a small driver of the HTTP API), so test modules import
nothing from each other.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import func, select

from network.config import NetworkSettings
from network.main import create_app
from network.models import messaging
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.ids import new_id
from tukiverkko_common.kafka import ensure_topics
from tukiverkko_common.runtime import Runtime
from tukiverkko_common.testing.plugin import NO_POSTGRES, unique_topic_suffix

ORG = "01900000-0000-7000-8000-00000000b001"
"""The organisation the tests act as (synthetic)."""


async def wait_until(check: Callable[[], Awaitable[Any]], timeout: float = 20.0) -> Any:
    """Poll until `check` returns something truthy; return it, or fail naming the timeout."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if result := await check():
            return result
        await asyncio.sleep(0.05)
    raise AssertionError(f"condition not met within {timeout}s")


def network_settings(database_url: str, bootstrap: str, **overrides: Any) -> NetworkSettings:
    """Settings for an in-process network service with fast loops and its own consumer group."""
    values: dict[str, Any] = {
        "service_name": f"network-{unique_topic_suffix()}",
        "database_url": database_url,
        "kafka_bootstrap_servers": bootstrap,
        "outbox_poll_seconds": 0.2,
        "consumer_backoff_seconds": 0.02,
        "consumer_max_attempts": 3,
        "log_json": False,
        "kafka_request_timeout_ms": 3000,
        "environment": "test",
        "internal_token": "test-internal-token",
    }
    values.update(overrides)
    return NetworkSettings(**values)


@dataclass
class NetworkApi:
    """A running network app and an HTTP client that calls it as the gateway would."""

    app: FastAPI
    http: httpx.AsyncClient
    settings: NetworkSettings

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime

    async def ok(self, method: str, url: str, status: int = 200, **kwargs: Any) -> Any:
        """Call the API, assert the status, return the JSON body (None for 204)."""
        response = await self.http.request(method, url, **kwargs)
        assert response.status_code == status, (method, url, response.status_code, response.text)
        return None if status == 204 else response.json()

    async def new_map(self, district: str | None = "kuusankoski", **fields: Any) -> dict:
        """Start a map of a fresh client in Kymenlaakso."""
        body = {"client_id": str(new_id()), "region": "kymenlaakso", "district": district}
        return await self.ok("POST", "/api/v1/maps", 201, json=body | fields)

    async def alter(self, map_id: str, sector: str = "friends_neighbours", **fields: Any) -> dict:
        """Add an alter (a neighbour unless told otherwise)."""
        body = {"kind": "person", "sector": sector, "role": "neighbour"} | fields
        return await self.ok("POST", f"/api/v1/maps/{map_id}/alters", 201, json=body)

    async def tie(self, map_id: str, to: str, strength: str = "medium", **fields: Any) -> dict:
        """Add a tie from the person (or `from_alter_id`) to an alter."""
        body = {"to_alter_id": to, "strength": strength} | fields
        return await self.ok("POST", f"/api/v1/maps/{map_id}/ties", 201, json=body)

    async def eventually(self, check: Callable[[], Awaitable[Any]], timeout: float) -> Any:
        """Poll until `check` returns something truthy and return it."""
        return await wait_until(check, timeout=timeout)

    async def publish(self, payload: EventData, *, key: str) -> CloudEvent:
        """Publish an event on the service's broker as its producing service would."""
        return await publish(self.settings.kafka_bootstrap_servers, payload, key=key)

    async def handled(self, envelope: CloudEvent) -> bool:
        """Whether the inbox recorded this event (the consumer applied it)."""
        inbox = messaging.inbox
        query = select(func.count()).select_from(inbox).where(inbox.c.event_id == envelope.id)
        async with self.runtime.sessions() as session:
            return bool(await session.scalar(query))

    async def items(self, url: str) -> list[dict]:
        """Every item of a paged list."""
        found: list[dict] = []
        cursor: str | None = None
        while True:
            params = {"cursor": cursor} if cursor else {}
            page = await self.ok("GET", url, params=params)
            found += page["items"]
            if not (cursor := page["next_cursor"]):
                return found


@asynccontextmanager
async def running_network(settings: NetworkSettings) -> AsyncIterator[NetworkApi]:
    """Start the app with its lifespan (migrations on start) and yield it with a client."""
    app = create_app(settings)
    headers = {
        "x-internal-token": settings.internal_token.get_secret_value(),
        "x-actor-organisation": ORG,
        "x-actor-user": "pseudo-user-1",
    }
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://network", headers=headers
        ) as http:
            yield NetworkApi(app, http, settings)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
async def network(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, bootstrap_servers: str
) -> AsyncIterator[NetworkApi]:
    """One network service per test module and backend; tests keep apart by using fresh maps."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('network') / 'network.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        if server is None:
            pytest.skip(NO_POSTGRES)
        url = await server.create_database(f"network_{new_id().hex}")
    async with running_network(network_settings(url, bootstrap_servers)) as service:
        yield service


async def publish(bootstrap: str, payload: EventData, *, key: str) -> CloudEvent:
    """Publish a contract payload as its producing service would."""
    envelope = CloudEvent.wrap(payload, source="/tukiverkko/test", subject=key)
    await ensure_topics(NetworkSettings(kafka_bootstrap_servers=bootstrap), [payload.topic])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False)
    await producer.start()
    try:
        await producer.send_and_wait(
            payload.topic, value=envelope.body(), key=key.encode(), headers=envelope.kafka_headers()
        )
    finally:
        await producer.stop()
    return envelope
