"""Fixtures of the resources suite: the service in-process on SQLite and PostgreSQL, the real
broker, and the real consent service beside it (the inclusion decision and its events).

The consent service is loaded by the app factory its pyproject declares, as the launcher does:
this suite never imports another service's package.
"""

import asyncio
import importlib
import itertools
import json
import tomllib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from resources.config import ResourcesSettings
from resources.main import create_app
from tukiverkko_common.ids import new_id
from tukiverkko_common.runtime import Runtime
from tukiverkko_common.testing.plugin import NO_POSTGRES, unique_topic_suffix
from tukiverkko_common.testing.waiting import wait_until

ORG_A = "01936f5e-0000-7000-8000-0000000000a1"
"""The region's organisation the tests act as (synthetic)."""
ORG_B = "01936f5e-0000-7000-8000-0000000000b2"
"""Another organisation (an NGO of the same region)."""
REGION = "kymenlaakso"
DISTRICT = "kuusankoski"
OTHER_DISTRICT = "valkeala"
TOKEN = "test-internal-token"
SERVICES = Path(__file__).resolve().parents[2]
_serial = itertools.count(1)


def peer_app_factory(name: str) -> Callable[..., FastAPI]:
    """Return another service's app factory and settings class, found as the launcher finds them."""
    table = tomllib.loads((SERVICES / name / "pyproject.toml").read_text())["tool"]["tukiverkko"]
    module, attr = table["app"].split(":")
    return getattr(importlib.import_module(module), attr)


def common_settings(database_url: str, bootstrap: str) -> dict[str, Any]:
    """Settings both in-process services share: fast loops, own consumer group, test token."""
    return {
        "service_name": f"svc-{unique_topic_suffix()}",
        "database_url": database_url,
        "kafka_bootstrap_servers": bootstrap,
        "outbox_poll_seconds": 0.2,
        "consumer_backoff_seconds": 0.02,
        "consumer_max_attempts": 3,
        "relay_lease_seconds": 2.0,
        "log_json": False,
        "kafka_request_timeout_ms": 3000,
        "shutdown_timeout_seconds": 3.0,
        "environment": "test",
        "internal_token": TOKEN,
    }


def actor_headers(organisation: str = ORG_A) -> dict[str, str]:
    """Headers the gateway sends for a caller of this organisation."""
    return {
        "x-internal-token": TOKEN,
        "x-actor-organisation": organisation,
        "x-actor-user": "pseudo-1",
    }


@dataclass
class Running:
    """A running app and a client that calls it as the gateway would."""

    app: FastAPI
    http: httpx.AsyncClient

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime

    async def ok(self, method: str, url: str, status: int = 200, **kwargs: Any) -> Any:
        """Call the API and require `status`; return the JSON body (None when empty)."""
        response = await self.http.request(method, url, **kwargs)
        assert response.status_code == status, (
            f"{method} {url}: {response.status_code} {response.text}"
        )
        return response.json() if response.content else None


@asynccontextmanager
async def serve(app: FastAPI, base_url: str) -> AsyncIterator[Running]:
    """Start an app with its lifespan and yield it with a client."""
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url=base_url, headers=actor_headers()
        ) as http:
            yield Running(app, http)


@dataclass
class Platform:
    """The resources service and the consent service it asks, on one database backend."""

    resources: Running
    consent: Running
    settings: ResourcesSettings
    bootstrap: str

    async def subject(self) -> str:
        """Register a fresh non-client subject (a citizen of the resource file) in consent."""
        body = await self.consent.ok(
            "POST", "/api/v1/subjects", 201, json={"kind": "resource_file_citizen"}
        )
        return body["subject_id"]

    async def grant_inclusion(self, subject_id: str, **fields: Any) -> dict:
        """Record the person's consent to be in the resource file kept by ORG_A."""
        body = {
            "subject_id": subject_id,
            "purpose": "resource_file_inclusion",
            "data_categories": ["resource_card", "contact_details"],
            "recipients": [ORG_A],
            "given_by": {"role": "subject"},
            "collection_method": "written",
            "notice_version": "resources-2026-01",
            "notice_language": "fi",
        } | fields
        return await self.consent.ok("POST", "/api/v1/consents", 201, json=body)

    citizen_body = staticmethod(lambda subject_id, **f: citizen_body(subject_id, **f))
    organisation_body = staticmethod(lambda **f: organisation_body(**f))

    async def eventually(self, check: Callable[[], Awaitable[Any]], timeout: float = 20.0) -> None:
        """Poll until `check` holds."""
        await wait_until(check, timeout=timeout)

    async def topic_events(
        self, topic: str, key: str, *, until: Callable[[list[dict]], bool], timeout: float = 20.0
    ) -> list[dict]:
        """Read a topic from the start; return the events keyed `key` once `until` holds."""
        return await topic_events(self.bootstrap, topic, key, until=until, timeout=timeout)

    async def redeliver(self, topic: str, key: str, event: dict) -> None:
        """Send an event read from a topic once more, as a duplicate delivery would."""
        await redeliver(self.bootstrap, topic, key, event)

    async def withdraw(self, consent_id: str) -> None:
        """Withdraw a consent in the consent service."""
        await self.consent.ok(
            "POST", f"/api/v1/consents/{consent_id}/withdraw", 200, json={"reason": "ei halua"}
        )


async def _database(request: pytest.FixtureRequest, tmp: Path, name: str) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp / f'{name}.db'}"
    server = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip(NO_POSTGRES)
    return await server.create_database(f"{name}_{new_id().hex}")


@asynccontextmanager
async def running_platform(
    resources_url: str,
    consent_url: str,
    bootstrap: str,
    consent_overrides: dict[str, Any] | None = None,
    **overrides: Any,
) -> AsyncIterator[Platform]:
    """Start consent, then resources wired to it through an in-process transport."""
    async with AsyncExitStack() as stack:
        consent_factory = peer_app_factory("consent")
        consent_app = consent_factory(
            _peer_settings(
                "consent",
                common_settings(consent_url, bootstrap)
                | {"expiry_sweep_seconds": 0.3}
                | (consent_overrides or {}),
            )
        )
        consent = await stack.enter_async_context(serve(consent_app, "http://consent"))
        settings = ResourcesSettings(
            **(
                common_settings(resources_url, bootstrap)
                | {"consent_url": "http://consent"}
                | overrides
            )
        )
        app = create_app(settings, consent_transport=httpx.ASGITransport(app=consent_app))
        resources = await stack.enter_async_context(serve(app, "http://resources"))
        yield Platform(resources, consent, settings, bootstrap)


def _peer_settings(name: str, values: dict[str, Any]) -> Any:
    table = tomllib.loads((SERVICES / name / "pyproject.toml").read_text())["tool"]["tukiverkko"]
    module = importlib.import_module(table["app"].split(":")[0].rsplit(".", 1)[0] + ".config")
    kind = next(
        v for k, v in vars(module).items() if k.endswith("Settings") and k != "ServiceSettings"
    )
    return kind(**values)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
async def platform(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, bootstrap_servers: str
) -> AsyncIterator[Platform]:
    """One platform per test module and backend; tests keep apart by using fresh subjects and cards."""
    tmp = tmp_path_factory.mktemp("resources")
    resources_url = await _database(request, tmp, "resources")
    consent_url = await _database(request, tmp, "consent")
    async with running_platform(resources_url, consent_url, bootstrap_servers) as running:
        yield running


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 20.0) -> None:
    """Poll until `check` holds."""
    await wait_until(check, timeout=timeout)


async def topic_events(
    bootstrap: str,
    topic: str,
    key: str,
    *,
    until: Callable[[list[dict]], bool],
    timeout: float = 20.0,
) -> list[dict]:
    """Read a topic from the start; return the events keyed `key` once `until` holds for them."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
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
            found += [_decoded(r) for rs in batch.values() for r in rs if r.key == key.encode()]
            if until(found):
                return found
    finally:
        await consumer.stop()
    raise AssertionError(
        f"events keyed {key} not on {topic} in {timeout}s: {[e['type'] for e in found]}"
    )


def _decoded(record: ConsumerRecord) -> dict:
    headers = {k: v.decode() for k, v in record.headers}
    return {"type": headers.get("ce_type"), "headers": headers, "data": json.loads(record.value)}


@pytest.fixture
def start_platform(tmp_path: Path, bootstrap_servers: str) -> Callable[..., Any]:
    """Start a platform of its own on SQLite with other settings (`consent_overrides=…`, …)."""

    def start(**overrides: Any) -> Any:
        name = unique_topic_suffix()
        return running_platform(
            f"sqlite+aiosqlite:///{tmp_path / f'resources-{name}.db'}",
            f"sqlite+aiosqlite:///{tmp_path / f'consent-{name}.db'}",
            bootstrap_servers,
            **overrides,
        )

    return start


def citizen_body(subject_id: str, **fields: Any) -> dict[str, Any]:
    """A citizen card of an invented person (synthetic name and contact details)."""
    n = next(_serial)
    return {
        "region": REGION,
        "subject_id": subject_id,
        "name": f"Testi Uimari {n}",
        "contact": {"phone": f"+358 40 000 {n:04d}", "email": f"uimari{n}@example.invalid"},
        "districts": [DISTRICT],
        "availability": [{"weekday": 2, "start": "17:00", "end": "20:00"}],
        "birthday": "1960-05-04",
        "skills": ["uinti", "lomakkeiden täyttö"],
        "interests": ["uimahalli"],
        "description": "Käy uimahallissa tiistaisin",
    } | fields


def organisation_body(**fields: Any) -> dict[str, Any]:
    """An organisation card of an invented association."""
    return {
        "region": REGION,
        "name_fi": "Kuusankosken Uimaseura ry",
        "name_sv": "Kuusankoski simförening rf",
        "sector": "third_sector",
        "business_id": "1572860-0",
        "districts": [DISTRICT],
        "target_groups": ["older_people"],
        "address": {
            "street": "Testikatu 1",
            "postal_code": "45700",
            "post_office": "Kuusankoski",
            "latitude": 60.9,
            "longitude": 26.6,
        },
        "offers": [
            {"name_fi": "Ohjattu vesijumppa", "name_sv": "Vattengympa", "life_area": "leisure"}
        ],
        "needs": [{"name_fi": "Vapaaehtoisia saattajia", "life_area": "participation"}],
    } | fields


async def redeliver(bootstrap: str, topic: str, key: str, event: dict) -> None:
    """Send an event read from a topic once more, as a duplicate delivery would (same ce_id)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False)
    await producer.start()
    try:
        await producer.send_and_wait(
            topic,
            value=json.dumps(event["data"]).encode(),
            key=key.encode(),
            headers=[(k, v.encode()) for k, v in event["headers"].items()],
        )
    finally:
        await producer.stop()
