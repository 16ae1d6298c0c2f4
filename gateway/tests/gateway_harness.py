"""Test harness: apps under real uvicorn servers on free ports, organisations, tokens.

Servers run as tasks in the test's event loop, so a test can reach an app's state
directly, and stopping a server really closes its socket (the gateway then sees
connection refused, as with a crashed service).
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from gateway.config import GatewaySettings
from gateway.registry import Organisation, register_client, register_organisation
from tukiverkko_common.broker import free_port
from tukiverkko_common.db import WRITE


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves the test runner's signal handlers alone."""

    def capture_signals(self) -> contextlib.AbstractContextManager[None]:  # type: ignore[override]
        return contextlib.nullcontext()


@dataclass
class Served:
    """An app listening on 127.0.0.1."""

    name: str
    app: FastAPI
    port: int
    server: _QuietServer
    task: asyncio.Task

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        """Stop accepting, close connections, run the app's shutdown."""
        if self.task.done():
            return
        self.server.should_exit = True
        await asyncio.wait_for(self.task, timeout=30)


async def serve(name: str, app: FastAPI, port: int | None = None) -> Served:
    """Start an app under uvicorn and wait until it is serving."""
    port = port or free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        access_log=False,
        timeout_graceful_shutdown=5,
    )
    server = _QuietServer(config)
    task = asyncio.create_task(server.serve(), name=f"uvicorn-{name}")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError(f"{name} stopped during startup")
        if loop.time() > deadline:
            raise TimeoutError(f"{name} did not start")
        await asyncio.sleep(0.02)
    return Served(name, app, port, server, task)


@contextlib.asynccontextmanager
async def served(name: str, app: FastAPI, port: int | None = None) -> AsyncIterator[Served]:
    running = await serve(name, app, port)
    try:
        yield running
    finally:
        await running.stop()


@dataclass
class OrgClient:
    """A registered organisation with one API client and a way to get tokens."""

    organisation: Organisation
    client_id: str
    secret: str
    gateway_url: str
    _token: str | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.organisation.id

    async def token(self, scope: str | None = None) -> str:
        async with httpx.AsyncClient(base_url=self.gateway_url) as client:
            form = {
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.secret,
            }
            if scope:
                form["scope"] = scope
            response = await client.post("/api/v1/oauth/token", data=form)
        assert response.status_code == 200, response.text
        return response.json()["access_token"]

    async def headers(self) -> dict[str, str]:
        if self._token is None:
            self._token = await self.token()
        return {"Authorization": f"Bearer {self._token}"}


@dataclass
class Gateway:
    """A running gateway with an HTTP client and helpers to register callers."""

    served: Served
    settings: GatewaySettings
    http: httpx.AsyncClient

    @property
    def app(self) -> FastAPI:
        return self.served.app

    @property
    def url(self) -> str:
        return self.served.url

    @property
    def state(self) -> Any:
        return self.app.state.gateway

    async def register(
        self, name: str, role: str, scopes: list[str] | None = None, **extra: Any
    ) -> OrgClient:
        if role in ("wellbeing_region", "dashboard"):
            extra.setdefault("region", "kymenlaakso")
        if role == "municipality":
            extra.setdefault("municipality", "286")
        async with self.state.runtime.sessions() as session:
            await session.connection(execution_options=WRITE)
            org = await register_organisation(session, name=name, role=role, scopes=scopes, **extra)
            client_id, secret = await register_client(session, organisation=org)
            await session.commit()
        return OrgClient(org, client_id, secret, self.url)

    async def call(
        self, caller: OrgClient | None, method: str, path: str, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if caller is not None:
            headers.update(await caller.headers())
        return await self.http.request(method, path, headers=headers, **kwargs)


def gateway_settings(
    database_url: str, bootstrap: str, name: str, upstreams: dict[str, str], **overrides: Any
) -> GatewaySettings:
    values: dict[str, Any] = {
        "service_name": name,
        "database_url": database_url,
        "kafka_bootstrap_servers": bootstrap,
        "upstreams": upstreams,
        "outbox_poll_seconds": 0.2,
        "consumer_backoff_seconds": 0.02,
        "relay_lease_seconds": 2.0,
        "log_json": False,
        "kafka_request_timeout_ms": 3000,
        "upstream_timeout_seconds": 3.0,
        "overview_part_timeout_seconds": 1.0,
        "breaker_reset_seconds": 1.0,
        "webhook_poll_seconds": 0.1,
        "webhook_backoff_seconds": [0.2, 0.4, 0.8],
        "rate_limit_per_second": 1000.0,
        "rate_limit_burst": 1000,
        "token_endpoint_per_minute": 6000,
        # A loaded test machine can keep SQLite's one writer busy past the 3 s default; the
        # fail-closed path has its own test (a broken outbox), so waiting longer hides nothing.
        "audit_timeout_seconds": 30.0,
    }
    values.update(overrides)
    return GatewaySettings(**values)


@contextlib.asynccontextmanager
async def running_gateway(
    settings: GatewaySettings, factory: Callable[[GatewaySettings], FastAPI]
) -> AsyncIterator[Gateway]:
    async with (
        served(settings.service_name, factory(settings)) as running,
        httpx.AsyncClient(base_url=running.url, timeout=30) as http,
    ):
        yield Gateway(running, settings, http)


async def wait_until(
    check: Callable[[], Awaitable[bool]], timeout: float = 30.0, interval: float = 0.05
) -> None:
    """Poll an async predicate until it holds; fail with a clear message otherwise."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await check():
            return
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
