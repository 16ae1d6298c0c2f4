"""The plans service app: create_app(settings) builds settings at call time and returns the FastAPI app."""

import logging
from pathlib import Path

from fastapi import FastAPI

from plans.config import PlansSettings
from plans.handlers import HANDLERS, TOPICS
from plans.models import messaging, metadata
from plans.routers import ROUTERS, TAGS
from plans.routers.plans import match_plan_read_first
from plans.scheduler import month_close_loop, task_escalation_loop
from tukiverkko_common.app import build_app
from tukiverkko_common.runtime import ServiceSpec

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
DESCRIPTION = """Client plans (asiakassuunnitelma): clients, versioned plans, goals, agreed services,
phased housing support, the delivery log, monthly realisation with shortfall events,
housing follow-up and referrals. Internal: reached through the gateway only
(`x-internal-token`); the caller arrives as `x-actor-organisation` / `x-actor-user`."""


def build_spec(settings: PlansSettings) -> ServiceSpec:
    """Return the service's spec (also used by the standalone worker)."""
    return ServiceSpec(
        name=settings.service_name,
        title="Tukiverkko plans",
        description=DESCRIPTION,
        settings=settings,
        metadata=metadata,
        tables=messaging,
        routers=list(ROUTERS),
        migrations=MIGRATIONS,
        handlers=HANDLERS,
        topics=TOPICS,
        openapi_tags=TAGS,
        loops=[month_close_loop(), task_escalation_loop()],
    )


# Drivers that log bound SQL parameters at DEBUG would write identity codes and notes to the logs.
PARAMETER_LOGGERS = ("aiosqlite", "asyncpg", "sqlalchemy.engine")


def create_app(settings: PlansSettings | None = None) -> FastAPI:
    """Return the plans app; settings come from the environment (PLANS_*) unless given."""
    app = build_app(build_spec(settings or PlansSettings()))
    match_plan_read_first(app)
    for name in PARAMETER_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return app
