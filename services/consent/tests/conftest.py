"""Fixtures of the consent suite: the service in-process on SQLite and PostgreSQL, the real broker."""

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import Table, func, select

from consent.config import ConsentSettings
from consent.main import create_app
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.ids import new_id
from tukiverkko_common.kafka import ensure_topics
from tukiverkko_common.runtime import Runtime
from tukiverkko_common.testing.plugin import NO_POSTGRES, unique_topic_suffix

ORG = "01900000-0000-7000-8000-00000000a001"
"""The organisation the tests act as (synthetic)."""


async def wait_until(
    check: Callable[[], Awaitable[Any]], timeout: float = 20.0, interval: float = 0.1
) -> Any:
    """Poll until `check` returns something truthy; return it, or fail naming the timeout."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if result := await check():
            return result
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def consent_settings(database_url: str, bootstrap: str, **overrides: Any) -> ConsentSettings:
    """Settings for an in-process consent service with fast loops and its own consumer group."""
    values: dict[str, Any] = {
        "service_name": f"consent-{unique_topic_suffix()}",
        "database_url": database_url,
        "kafka_bootstrap_servers": bootstrap,
        "outbox_poll_seconds": 0.2,
        "consumer_backoff_seconds": 0.02,
        "consumer_max_attempts": 3,
        "relay_lease_seconds": 2.0,
        "expiry_sweep_seconds": 0.3,
        "log_json": False,
        "kafka_request_timeout_ms": 3000,
        "environment": "test",
        "internal_token": "test-internal-token",
    }
    values.update(overrides)
    return ConsentSettings(**values)


@dataclass
class ConsentService:
    """A running consent app and an HTTP client that calls it as the gateway would."""

    app: FastAPI
    http: httpx.AsyncClient
    settings: ConsentSettings

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime

    async def eventually(self, check: Callable[[], Awaitable[Any]], timeout: float = 20.0) -> Any:
        """Poll until `check` returns something truthy and return it."""
        return await wait_until(check, timeout=timeout)

    async def get(self, path: str) -> dict:
        """GET an API path that must answer 200; return the body."""
        response = await self.http.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    async def subject(self, kind: str = "resource_file_partner") -> str:
        """Register a fresh subject and return its id."""
        response = await self.http.post("/api/v1/subjects", json={"kind": kind})
        assert response.status_code == 201, response.text
        return response.json()["subject_id"]

    async def grant(self, subject_id: str, **fields: Any) -> dict:
        """Record a consent (a network-sharing consent for the team unless told otherwise)."""
        body = {
            "subject_id": subject_id,
            "purpose": "network_sharing",
            "data_categories": ["contact_details"],
            "recipients": ["team"],
            "given_by": {"role": "subject"},
            "collection_method": "written",
            "notice_version": "network-2025-01",
            "notice_language": "fi",
        } | fields
        response = await self.http.post("/api/v1/consents", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    async def decide(
        self,
        subject_id: str,
        purpose: str,
        data_category: str,
        recipient: str,
        at: str | None = None,
    ) -> dict:
        """Ask for a decision and return the body."""
        body = {
            "subject_id": subject_id,
            "purpose": purpose,
            "data_category": data_category,
            "recipient": recipient,
        }
        if at is not None:
            body["at"] = at
        response = await self.http.post("/api/v1/decisions", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    async def count(self, table: Table, **where: Any) -> int:
        """Count rows straight from the database."""
        query = select(func.count()).select_from(table)
        for column, value in where.items():
            query = query.where(table.c[column] == value)
        async with self.runtime.sessions() as session:
            return int(await session.scalar(query))


@asynccontextmanager
async def running_consent(settings: ConsentSettings) -> AsyncIterator[ConsentService]:
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
            transport=transport, base_url="http://consent", headers=headers
        ) as http:
            yield ConsentService(app, http, settings)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
async def consent(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, bootstrap_servers: str
):
    """One consent service per test module and backend; tests keep apart by using fresh subjects."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('consent') / 'consent.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        if server is None:
            pytest.skip(NO_POSTGRES)
        url = await server.create_database(f"consent_{new_id().hex}")
    async with running_consent(consent_settings(url, bootstrap_servers)) as service:
        yield service


@pytest.fixture
async def fresh_consent(database_url: str, bootstrap_servers: str):
    """A consent service on an empty database of its own (for tests that damage or inspect it)."""
    async with running_consent(consent_settings(database_url, bootstrap_servers)) as service:
        yield service


@pytest.fixture
def start_consent(bootstrap_servers: str) -> Callable[..., Any]:
    """Start a consent service with other settings: `async with start_consent(url, run_workers=False) as s`."""

    def start(database_url: str, **overrides: Any):
        return running_consent(consent_settings(database_url, bootstrap_servers, **overrides))

    return start


class Broker:
    """Read what is really on a topic, and publish events as another service would."""

    def __init__(self, bootstrap: str) -> None:
        self.bootstrap = bootstrap

    async def events(
        self, topic: str, key: str, *, until: Callable[[list[dict]], bool], timeout: float = 20.0
    ) -> list[dict]:
        """Read the topic from the start; return the events keyed `key` once `until` holds for them."""
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            metadata_max_age_ms=500,
        )
        consumer.subscribe([topic])
        await consumer.start()
        found: list[dict] = []
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while loop.time() < deadline:
                batch = await consumer.getmany(timeout_ms=200)
                found += [
                    _decoded(r)
                    for records in batch.values()
                    for r in records
                    if r.key == key.encode()
                ]
                if until(found):
                    return found
        finally:
            await consumer.stop()
        raise AssertionError(
            f"expected events keyed {key} not on {topic} within {timeout}s; saw {[e['type'] for e in found]}"
        )

    async def publish(
        self, payload: EventData, *, key: str, envelope: CloudEvent | None = None
    ) -> CloudEvent:
        """Publish a contract payload (or re-send an earlier envelope, as a duplicate delivery would)."""
        envelope = envelope or CloudEvent.wrap(payload, source="/tukiverkko/test", subject=key)
        settings = ConsentSettings(kafka_bootstrap_servers=self.bootstrap)
        await ensure_topics(settings, [payload.topic])
        producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap, acks="all", enable_idempotence=False
        )
        await producer.start()
        try:
            await producer.send_and_wait(
                payload.topic,
                value=envelope.body(),
                key=key.encode(),
                headers=envelope.kafka_headers(),
            )
        finally:
            await producer.stop()
        return envelope


def _decoded(record: ConsumerRecord) -> dict:
    headers = {k: v.decode() for k, v in record.headers}
    return {"type": headers.get("ce_type"), "headers": headers, "data": json.loads(record.value)}


@pytest.fixture(scope="session")
def broker_io(bootstrap_servers: str) -> Broker:
    """Raw access to the broker the services use."""
    return Broker(bootstrap_servers)
