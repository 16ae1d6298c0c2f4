"""The network service's app: routes, inbound handlers and migrations."""

from pathlib import Path

from fastapi import FastAPI

from network.config import NetworkSettings
from network.handlers import HANDLERS, TOPICS
from network.models import messaging, metadata
from network.routers import ROUTERS
from network.service.brandes import warm_in_background
from tukiverkko_common.app import build_app
from tukiverkko_common.runtime import ServiceSpec

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
DESCRIPTION = """Personal network maps (eco-maps) of clients: alters, ties, dated snapshots and their
comparison, social network analysis of a person's map and of a district, eco-map and sociogram
pictures (SVG, PNG).

Internal: every /api/v1 request carries `x-internal-token`; changes carry `x-actor-organisation`
(and `x-actor-user`) as authenticated by the gateway."""


def build_spec(settings: NetworkSettings) -> ServiceSpec:
    """Return the service declaration shared by the API and the worker process."""
    return ServiceSpec(
        name=settings.service_name,
        title="Tukiverkko network service",
        description=DESCRIPTION,
        settings=settings,
        metadata=metadata,
        tables=messaging,
        routers=list(ROUTERS),
        migrations=MIGRATIONS,
        handlers=HANDLERS,
        topics=TOPICS,
        openapi_tags=[
            {"name": "maps", "description": "Personal network maps"},
            {"name": "alters", "description": "People and organisations in a person's network"},
            {"name": "ties", "description": "Ties of the person and between alters"},
            {"name": "snapshots", "description": "Dated copies of a map and their comparison"},
            {"name": "analysis", "description": "Network metrics of a map and of a district"},
            {"name": "pictures", "description": "Eco-map and sociogram, SVG or PNG"},
        ],
    )


def create_app(settings: NetworkSettings | None = None) -> FastAPI:
    """Build the app; settings are read now (not at import) unless given."""
    warm_in_background()  # a district analysis's first call would otherwise compile Brandes
    return build_app(build_spec(settings or NetworkSettings()))
