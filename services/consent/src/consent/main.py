"""The consent service's app: routes, inbound handlers, migrations and the expiry sweeper."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from consent.config import ConsentSettings
from consent.dispatch import serve_decisions_first
from consent.handlers import HANDLERS, TOPICS
from consent.models import messaging, metadata
from consent.repository.decisions import decision_reader
from consent.routers import ROUTERS
from consent.service.expiry import ExpirySweeper
from tukiverkko_common.app import build_app
from tukiverkko_common.runtime import BackgroundLoop, Runtime, ServiceSpec

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
DESCRIPTION = """Consent records, the consent decision the gateway asks on every request, Kantara consent
receipts, and the access log (käyttöloki) and disclosure log (luovutusloki) fed by the gateway's audit events.

Internal: every /api/v1 request carries `x-internal-token`; changes carry `x-actor-organisation`
(and `x-actor-user`) as authenticated by the gateway."""


def build_spec(settings: ConsentSettings) -> ServiceSpec:
    """Return the service declaration shared by the API and the worker process."""
    return ServiceSpec(
        name=settings.service_name,
        title="Tukiverkko consent service",
        description=DESCRIPTION,
        settings=settings,
        metadata=metadata,
        tables=messaging,
        routers=list(ROUTERS),
        migrations=MIGRATIONS,
        handlers=HANDLERS,
        topics=TOPICS,
        loops=[BackgroundLoop("ExpirySweeper", lambda rt: sweeper_for(rt, settings).run())],
        openapi_tags=[
            {"name": "decisions", "description": "The gateway's hot path: permit or deny"},
            {"name": "consents", "description": "Consent records, withdrawal, receipts"},
            {"name": "subjects", "description": "People consents are about"},
            {"name": "audit", "description": "Access and disclosure logs"},
            {"name": "vocabulary", "description": "Codes and their fi/sv/en labels"},
        ],
    )


def sweeper_for(runtime: Runtime, settings: ConsentSettings) -> ExpirySweeper:
    """Return the expiry sweeper of a runtime (its commits wake that runtime's relay)."""
    return ExpirySweeper(engine=runtime.engine, uow_factory=runtime.uow, settings=settings)


def create_app(settings: ConsentSettings | None = None) -> FastAPI:
    """Build the app; settings are read now (not at import) unless given."""
    settings = settings or ConsentSettings()
    app = build_app(build_spec(settings))
    serve_decisions_first(app)
    _extend_lifespan(app, settings)
    return app


def _extend_lifespan(app: FastAPI, settings: ConsentSettings) -> None:
    # The decision reader serves this API process's requests (it is not a worker loop), so it
    # joins the library's lifespan: opened after migrations, closed before the engine.
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inner(app):
            runtime: Runtime = app.state.runtime
            app.state.decisions = decision_reader(runtime.engine)
            try:
                yield
            finally:
                app.state.decisions.close()

    app.router.lifespan_context = lifespan
