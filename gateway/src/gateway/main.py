"""create_app: the gateway on the shared service skeleton, plus its own collaborators and loops."""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.middleware import Middleware

from gateway.access import AccessResolver
from gateway.audit import AuditWriter
from gateway.auth.keys import SigningKey
from gateway.auth.lockout import LoginLockout
from gateway.auth.secrets import SecretVerifier
from gateway.auth.tokens import TokenService
from gateway.catalog import ROUTES, UPSTREAM_TAGS
from gateway.config import GatewaySettings
from gateway.handlers import build_handlers
from gateway.limits import LimitStore
from gateway.models import messaging, metadata
from gateway.openapi_docs import UpstreamSpecs
from gateway.protection import EdgeMiddleware
from gateway.pseudonym import Pseudonymiser
from gateway.ratelimit import RateLimiter, SharedRateLimiter
from gateway.registry import Registry
from gateway.routes import access_report, auth, dashboard, docs, overview, webhooks
from gateway.routes.dispatch import CatalogueDispatcher
from gateway.routes.proxy import build_router
from gateway.sse import StreamHub
from gateway.sse import router as events_router
from gateway.state import GatewayState
from gateway.stream import stream_topics
from gateway.upstream import Upstreams
from gateway.webhooks import WebhookDispatcher
from tukiverkko_common.app import build_app
from tukiverkko_common.runtime import BackgroundLoop, Runtime, ServiceSpec

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
DESCRIPTION = """\
The one door into Tukiverkko. Every caller is a registered organisation (wellbeing region,
municipality, service provider, NGO or dashboard) with scopes; a user's identity travels in
the token. Object-level checks apply to every id: an organisation sees its own clients, and a
provider or NGO sees a client only with an active service or referral **and** the client's
consent for that disclosure. Every use of client data is written to the access log, and every
disclosure to another organisation to the disclosure log, before the data is returned; if the
log cannot be written, nothing is returned (503).

Errors are RFC 9457 problem details. Requests carry `X-Request-ID` and W3C `traceparent`
into the services and their events. Behind an X-Road Security Server, `X-Road-Client` is
mapped to a registered organisation, `X-Road-Id` becomes the request id, `X-Road-UserId` goes
into the access log (pseudonymised), and answers carry `X-Road-Request-Id`.

Dashboards read `/api/v1/events/stream` (Server-Sent Events, pseudonymised). Provider
backends subscribe to webhooks (Standard Webhooks signatures). Event contracts:
`/api/v1/asyncapi.json`.
"""
TAGS = [
    {"name": "authentication", "description": "Tokens and keys"},
    *UPSTREAM_TAGS,
    {"name": "aggregates", "description": "Views gathered from several services"},
    {"name": "events", "description": "Pseudonymised platform events for dashboards"},
    {"name": "webhooks", "description": "Event delivery to provider backends"},
    {"name": "documentation", "description": "API and event documents"},
]


def service_spec(
    settings: GatewaySettings,
    pseudonyms: Pseudonymiser,
    on_record: Callable[[], None] | None = None,
) -> ServiceSpec:
    """Return the gateway's service spec (shared by the API process and the worker)."""
    return ServiceSpec(
        name=settings.service_name,
        title="Tukiverkko API",
        description=DESCRIPTION,
        settings=settings,
        metadata=metadata,
        tables=messaging,
        routers=[
            auth.router,
            overview.router,
            build_router(ROUTES),
            access_report.router,
            events_router,
            webhooks.router,
            docs.router,
            dashboard.router,
        ],
        migrations=MIGRATIONS,
        handlers=build_handlers(pseudonyms, on_record),
        topics=stream_topics(),
        internal=False,
        openapi_tags=TAGS,
        loops=[webhook_loop(settings)],
    )


def webhook_loop(settings: GatewaySettings) -> BackgroundLoop:
    """Return the webhook dispatcher as a declared loop (it runs wherever the workers run)."""
    return BackgroundLoop("WebhookDispatcher", lambda rt: WebhookDispatcher(rt, settings).run())


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    """Return the gateway app; nothing connects until its lifespan starts."""
    settings = settings or GatewaySettings()
    pseudonyms = Pseudonymiser(settings.pseudonym_key.get_secret_value())
    nudge = _Nudge()
    app = build_app(service_spec(settings, pseudonyms, nudge))
    # httpx logs every request line at INFO, and a path holds a client's id: not in our logs.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    state = build_state(settings, app.state.runtime, pseudonyms)
    nudge.target = state.hub.nudge
    app.state.gateway = state
    app.add_middleware(EdgeMiddleware, settings=settings)
    # Innermost of the app's own middlewares (inside the ids, trace and metrics layers,
    # ahead of FastAPI's exception layer and router): catalogued operations are served here.
    app.user_middleware.append(
        Middleware(
            CatalogueDispatcher, routes=app.router.routes, exception_handlers=app.exception_handlers
        )
    )
    docs.install_docs(app, state, DESCRIPTION)
    _add_loops(app, state)
    return app


class _Nudge:
    """Lets the consumer's handlers (built before the app) reach the SSE hub (built after it)."""

    target: Callable[[], None] | None = None

    def __call__(self) -> None:
        if self.target is not None:
            self.target()


def build_state(
    settings: GatewaySettings, runtime: Runtime, pseudonyms: Pseudonymiser
) -> GatewayState:
    key = SigningKey(settings.signing_key.get_secret_value())
    upstreams = Upstreams(settings)
    registry = Registry(runtime.sessions, settings.registry_cache_seconds)
    limits = LimitStore(runtime.engine, settings.pseudonym_key.get_secret_value().encode())
    per_minute = settings.token_endpoint_per_minute
    return GatewayState(
        settings=settings,
        runtime=runtime,
        signing_key=key,
        tokens=TokenService(settings, key),
        registry=registry,
        pseudonyms=pseudonyms,
        limiter=(
            SharedRateLimiter(
                limits, "request", settings.rate_limit_per_second, settings.rate_limit_burst
            )
            if settings.rate_limit_shared
            else RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst)
        ),
        token_limiter=SharedRateLimiter(limits, "token", per_minute / 60, per_minute),
        token_peer_limiter=SharedRateLimiter(limits, "token-peer", per_minute / 6, per_minute * 10),
        secrets=SecretVerifier(
            settings.token_hash_concurrency,
            settings.token_hash_queue,
            settings.token_hash_wait_seconds,
        ),
        lockout=LoginLockout(
            limits, settings.token_lockout_failures, settings.token_lockout_seconds
        ),
        upstreams=upstreams,
        access=AccessResolver(upstreams, registry, settings.ownership_cache_seconds),
        audit=AuditWriter(
            runtime, settings.audit_timeout_seconds, settings.audit_publish_delay_seconds
        ),
        hub=StreamHub(runtime.sessions, settings.sse_poll_seconds),
        webhooks=WebhookDispatcher(runtime, settings),
        specs=UpstreamSpecs(upstreams),
    )


def _add_loops(app: FastAPI, state: GatewayState) -> None:
    """Run the SSE hub, which serves this API process's streams, inside the library's lifespan."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inner(app):
            tasks = [asyncio.create_task(state.hub.run(), name="gateway-StreamHub")]
            try:
                yield  # the library's lifespan keeps the collector lean (collector.py)
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                await state.upstreams.aclose()

    app.router.lifespan_context = lifespan
