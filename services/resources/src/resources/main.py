"""The resources service's app: routes, inbound consent handlers, migrations and the staleness loop."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from resources.config import ResourcesSettings
from resources.handlers import HANDLERS, TOPICS
from resources.models import messaging, metadata
from resources.routers import ROUTERS
from resources.service.consent_gate import ConsentGate
from resources.service.stale import stale_cards_loop
from tukiverkko_common.app import build_app
from tukiverkko_common.runtime import ServiceSpec

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
DESCRIPTION = """The district resource file: organisation, citizen, competence and strength cards,
districts with their resource finders and networks, keeping cards current, an Open Referral HSDS 3.0
read API and a Suomi.fi Service Catalogue (PTV) importer.

A card about a natural person exists only while the consent service permits purpose
`resource_file_inclusion` for that person; its personal data is masked on every read once that
consent is not in force, and erased when the withdrawal or expiry event arrives.

Internal: every /api/v1 request carries `x-internal-token`; changes carry `x-actor-organisation`
(and `x-actor-user`) as authenticated by the gateway."""


def build_spec(settings: ResourcesSettings) -> ServiceSpec:
    """Return the service declaration shared by the API and the worker process."""
    return ServiceSpec(
        name=settings.service_name,
        title="Tukiverkko resources service",
        description=DESCRIPTION,
        settings=settings,
        metadata=metadata,
        tables=messaging,
        routers=list(ROUTERS),
        migrations=MIGRATIONS,
        handlers=HANDLERS,
        topics=TOPICS,
        loops=[stale_cards_loop()],
        openapi_tags=[
            {
                "name": "cards",
                "description": "Organisation, citizen, competence and strength cards",
            },
            {"name": "upkeep", "description": "Stale cards and statistics"},
            {"name": "districts", "description": "Districts, resource finders, networks, notes"},
            {"name": "hsds", "description": "Open Referral HSDS 3.0 read API (organisations only)"},
            {"name": "vocabulary", "description": "Codes and their fi/sv labels"},
        ],
    )


def create_app(
    settings: ResourcesSettings | None = None,
    consent_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """Build the app; settings are read now (not at import) unless given.

    `consent_transport` replaces the network to the consent service (tests run it in-process).
    """
    settings = settings or ResourcesSettings()
    app = build_app(build_spec(settings))
    _extend_lifespan(app, settings, consent_transport)
    return app


def _extend_lifespan(
    app: FastAPI, settings: ResourcesSettings, transport: httpx.AsyncBaseTransport | None
) -> None:
    # The consent client serves this API process's requests (not a worker loop): it joins the
    # library's lifespan, opened after migrations and closed before the engine.
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inner(app):
            app.state.consent = ConsentGate(settings, transport)
            try:
                yield
            finally:
                await app.state.consent.close()

    app.router.lifespan_context = lifespan
