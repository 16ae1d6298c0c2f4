"""Fixtures of the plans suite: the app in-process on each database, with the real broker.

Helpers live on the `plans` fixture (a small driver of the HTTP API) so that test modules
import nothing from each other.
"""

import asyncio
import collections
import itertools
import json
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from plans.config import PlansSettings
from plans.main import create_app
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.contracts.plans import TOPIC
from tukiverkko_common.runtime import Runtime

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_serial = itertools.count(random.randrange(0, 5000))
ORG_A = "01936f5e-0000-7000-8000-00000000000a"
ORG_B = "01936f5e-0000-7000-8000-00000000000b"


def synthetic_hetu(n: int | None = None, *, century: str = "-") -> str:
    """Return a valid artificial identity code: individual number 900-999, computed check character."""
    n = next(_serial) if n is None else n
    day, month = 1 + n % 28, 1 + (n // 28) % 12
    year = (n // 336) % 20 if century in "ABCDEF" else 30 + (n // 336) % 70
    individual = 900 + n % 100
    digits = f"{day:02d}{month:02d}{year:02d}{individual:03d}"
    return f"{digits[:6]}{century}{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"


def _first_district(municipality: str) -> str | None:
    listed = area_codes().municipalities.get(municipality)
    return next(iter(listed.districts)) if listed else None


def plans_settings(database_url: str, bootstrap: str, **overrides: Any) -> PlansSettings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "kafka_bootstrap_servers": bootstrap,
        "outbox_poll_seconds": 0.2,
        "log_json": False,
        "kafka_request_timeout_ms": 3000,
        "auto_close_months": False,
        "shutdown_timeout_seconds": 3.0,
    }
    values.update(overrides)
    return PlansSettings(**values)


@dataclass
class PlansApi:
    """The running app and an HTTP client carrying the internal token and an actor."""

    app: FastAPI
    http: httpx.AsyncClient
    settings: PlansSettings
    bootstrap: str
    client_ids: list[str] = field(default_factory=list)

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime

    async def ok(self, method: str, url: str, status: int = 200, **kwargs: Any) -> Any:
        response = await self.http.request(method, url, **kwargs)
        assert response.status_code == status, (
            f"{method} {url}: {response.status_code} {response.text}"
        )
        return response.json()

    async def problem(self, method: str, url: str, status: int, **kwargs: Any) -> dict:
        response = await self.http.request(method, url, **kwargs)
        assert response.status_code == status, (
            f"{method} {url}: {response.status_code} {response.text}"
        )
        assert response.headers["content-type"].startswith("application/problem+json")
        return response.json()

    async def client(self, **overrides: Any) -> dict:
        body = {
            "personal_identity_code": synthetic_hetu(),
            "languages": ["fi"],
            "municipality": "286",
            "district": _first_district(overrides.get("municipality", "286")),
            "region": "kymenlaakso",
            **overrides,
        }
        created = await self.ok("POST", "/api/v1/clients", 201, json=body)
        self.client_ids.append(created["id"])
        return created

    async def plan(self, client_id: str, **overrides: Any) -> dict:
        body = {
            "legal_basis": ["social_welfare_act"],
            "responsible_worker_id": "wrk_00000000000000000000000000000001",
            "area_coordinator_id": "wrk_c0000000000000000000000000000001",
            **overrides,
        }
        return await self.ok("POST", f"/api/v1/clients/{client_id}/plans", 201, json=body)

    async def approved_plan(self, client_id: str, **overrides: Any) -> dict:
        plan = await self.plan(client_id, **overrides)
        return await self.ok(
            "POST", f"/api/v1/plans/{plan['id']}/approve", json={"approved_by": "Maija Meikäläinen"}
        )

    async def phase(
        self, plan_id: str, phase: str, started_on: str, reason: str = "progress"
    ) -> dict:
        body = {"phase": phase, "started_on": started_on, "reason_code": reason}
        return await self.ok("POST", f"/api/v1/plans/{plan_id}/phases", 201, json=body)

    async def visit(self, plan_id: str, occurred_at: str, minutes: int, **extra: Any) -> dict:
        body = {
            "occurred_at": occurred_at,
            "minutes": minutes,
            "worker_id": "wrk_00000000000000000000000000000001",
            "method": "home_visit",
            **extra,
        }
        return await self.ok("POST", f"/api/v1/plans/{plan_id}/visits", 201, json=body)

    async def service(self, plan_id: str, hours: float, per: str = "week", **extra: Any) -> dict:
        body = {
            "service_type": "guidance_and_coaching",
            "legal_basis": "social_welfare_act",
            "provider": {
                "kind": "organisation",
                "organisation_id": ORG_A,
                "sector": "third_sector",
            },
            "amount": {"hours": hours, "per": per},
            "valid_from": "2025-01-01",
            **extra,
        }
        return await self.ok("POST", f"/api/v1/plans/{plan_id}/services", 201, json=body)

    async def outbox_payloads(self) -> list[dict]:
        outbox = self.runtime.spec.tables.outbox  # type: ignore[union-attr]
        async with self.runtime.sessions() as session:
            rows = (await session.execute(outbox.select().order_by(outbox.c.seq))).all()
        return [{"type": r.event_type, "key": r.key, "data": json.loads(r.payload)} for r in rows]

    async def events(
        self, client_id: str, *, until: set[str] | dict[str, int], timeout: float = 20.0
    ) -> list[dict]:
        """Read the shared topic from the start; return this client's events once `until` types all arrived.

        `until` names event types (one of each), or maps them to how many of each to wait for:
        the relay publishes asynchronously, so the last of several events may still be on its way.
        """
        wanted = dict.fromkeys(until, 1) if isinstance(until, set) else dict(until)

        def complete() -> bool:
            seen = collections.Counter(e["type"] for e in found)
            return all(seen[kind] >= n for kind, n in wanted.items())

        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        await consumer.start()
        found: list[dict] = []
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            partitions = await _partitions(consumer, deadline)
            consumer.assign([TopicPartition(TOPIC, p) for p in partitions])
            await consumer.seek_to_beginning()
            while loop.time() < deadline and not complete():
                for records in (await consumer.getmany(timeout_ms=200)).values():
                    found.extend(_mine(records, client_id))
        finally:
            await consumer.stop()
        return found


async def _partitions(consumer: AIOKafkaConsumer, deadline: float) -> set[int]:
    """Wait until the relay has created the topic; a group-less reader skips the group join."""
    while asyncio.get_running_loop().time() < deadline:
        if TOPIC in await consumer.topics() and (parts := consumer.partitions_for_topic(TOPIC)):
            return parts
        await asyncio.sleep(0.2)
    raise AssertionError(f"topic {TOPIC} never appeared")


def _mine(records: list, client_id: str) -> list[dict]:
    events = []
    for record in records:
        if record.key != client_id.encode():
            continue
        headers = {k: v.decode() for k, v in record.headers}
        events.append(
            {
                "type": headers["ce_type"].split(".")[-2],
                "headers": headers,
                "data": json.loads(record.value),
                "raw": record.value.decode(),
            }
        )
    return events


@asynccontextmanager
async def running_plans(settings: PlansSettings, bootstrap: str) -> AsyncIterator[PlansApi]:
    """Start the app (its startup applies the migrations) and yield a driver for it."""
    app = create_app(settings)
    headers = {
        "x-internal-token": settings.internal_token.get_secret_value(),
        "x-actor-organisation": ORG_B,
        "x-actor-user": "user-tester",
    }
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://plans", headers=headers
        ) as http:
            yield PlansApi(app, http, settings, bootstrap)


@pytest.fixture
async def plans(database_url: str, bootstrap_servers: str) -> AsyncIterator[PlansApi]:
    """The plans app on a fresh database (SQLite and PostgreSQL) with the real broker."""
    async with running_plans(
        plans_settings(database_url, bootstrap_servers), bootstrap_servers
    ) as api:
        yield api


@pytest.fixture
def start_plans(database_url: str, bootstrap_servers: str):
    """Return a starter for the app with settings overrides (an async context manager)."""
    return lambda **overrides: running_plans(
        plans_settings(database_url, bootstrap_servers, **overrides), bootstrap_servers
    )


@pytest.fixture
def hetu():
    """Return the synthetic identity-code generator."""
    return synthetic_hetu


@pytest.fixture
def start_plans_on(database_url: str):
    """Return a starter for the app on a given broker (fault tests bring their own broker)."""
    return lambda bootstrap, **overrides: running_plans(
        plans_settings(database_url, bootstrap, **overrides), bootstrap
    )
