"""The real platform for integration tests: every service under uvicorn, the gateway in front.

Everything talks real HTTP on 127.0.0.1 and real Kafka; each service has its own SQLite
file. The driver creates synthetic data through the gateway, as a region's system would.
Services are found as `make run` finds them (`services/*/pyproject.toml`): a new one joins
with its `<name>.config` settings class; a settings field `upstreams` gets the other
services' URLs (how a service that calls another over HTTP learns where it is).
"""

import importlib
import itertools
import random
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway_harness import (
    Gateway,
    OrgClient,
    Served,
    gateway_settings,
    running_gateway,
    serve,
    wait_until,
)

from consent.config import ConsentSettings
from consent.main import create_app as consent_app
from gateway.main import create_app as gateway_app
from plans.config import PlansSettings
from plans.main import create_app as plans_app
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.launcher import discover
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.testing.plugin import unique_topic_suffix

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
HOME_MUNICIPALITY = {
    "kymenlaakso": "286",
    "etela-savo": "491",
    "varsinais-suomi": "445",
    "pohjois-karjala": "167",
    "lappi": "698",
    "pirkanmaa": "837",
}
"""A municipality inside each region the tests use (a client's municipality lies in its region)."""
_serial = itertools.count(random.randrange(0, 30_000))


def synthetic_hetu() -> str:
    """Return a valid artificial identity code (individual number 900-999) with its check character."""
    n = next(_serial)
    day, month, year = 1 + n % 28, 1 + (n // 28) % 12, 30 + (n // 336) % 70
    digits = f"{day:02d}{month:02d}{year:02d}{900 + n % 100:03d}"
    return f"{digits[:6]}-{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"


def _first_district(municipality: str) -> str | None:
    listed = area_codes().municipalities.get(municipality)
    return next(iter(listed.districts)) if listed else None


def service_settings(kind: type, name: str, db: Path, bootstrap: str, **extra: Any) -> Any:
    return kind(
        service_name=name,
        database_url=f"sqlite+aiosqlite:///{db}",
        kafka_bootstrap_servers=bootstrap,
        outbox_poll_seconds=0.2,
        log_json=False,
        kafka_request_timeout_ms=3000,
        shutdown_timeout_seconds=3.0,
        **extra,
    )


async def start_plans(
    root: Path, bootstrap: str, port: int | None = None, name: str | None = None
) -> Served:
    name = name or f"plans-{unique_topic_suffix()}"
    settings = service_settings(
        PlansSettings, name, root / f"{name}.db", bootstrap, auto_close_months=False
    )
    return await serve(name, plans_app(settings), port)


async def start_consent(
    root: Path, bootstrap: str, port: int | None = None, name: str | None = None
) -> Served:
    name = name or f"consent-{unique_topic_suffix()}"
    settings = service_settings(ConsentSettings, name, root / f"{name}.db", bootstrap)
    return await serve(name, consent_app(settings), port)


@dataclass
class Platform:
    """A driver of the running platform through the gateway."""

    gateway: Gateway
    plans: Served
    consent: Served
    others: dict[str, Served] = field(default_factory=dict)
    """Every other discovered service by name (resources, network, …)."""

    async def ok(
        self, caller: OrgClient, method: str, path: str, status: int = 200, **kw: Any
    ) -> Any:
        response = await self.gateway.call(caller, method, path, **kw)
        assert response.status_code == status, (
            f"{method} {path}: {response.status_code} {response.text}"
        )
        return response.json() if response.content else None

    async def client(self, region: OrgClient, **overrides: Any) -> dict:
        home = HOME_MUNICIPALITY.get(region.organisation.region or "kymenlaakso", "286")
        body = {
            "personal_identity_code": synthetic_hetu(),
            "languages": ["fi"],
            "municipality": home,
            "district": _first_district(overrides.get("municipality", home)),
            "region": region.organisation.region or "kymenlaakso",
            **overrides,
        }
        return await self.ok(region, "POST", "/api/v1/clients", 201, json=body)

    async def plan(self, region: OrgClient, client_id: str) -> dict:
        body = {
            "legal_basis": ["social_welfare_act"],
            "responsible_worker_id": "wrk_00000000000000000000000000000001",
            "area_coordinator_id": "wrk_c0000000000000000000000000000001",
            "client_view": "Haluan asua omassa kodissa.",
        }
        return await self.ok(region, "POST", f"/api/v1/clients/{client_id}/plans", 201, json=body)

    async def service(self, region: OrgClient, plan_id: str, provider_id: str) -> dict:
        body = {
            "service_type": "guidance_and_coaching",
            "legal_basis": "social_welfare_act",
            "provider": {
                "kind": "organisation",
                "organisation_id": provider_id,
                "sector": "private",
            },
            "amount": {"hours": 3, "per": "week"},
            "valid_from": "2025-01-01",
        }
        return await self.ok(region, "POST", f"/api/v1/plans/{plan_id}/services", 201, json=body)

    async def referral(
        self,
        region: OrgClient,
        plan_id: str,
        organisation_id: str,
        basis: str = "purchase_contract",
    ) -> dict:
        body = {
            "organisation_id": organisation_id,
            "service_type": "day_activities",
            "basis": basis,
        }
        return await self.ok(region, "POST", f"/api/v1/plans/{plan_id}/referrals", 201, json=body)

    async def known_to_consent(self, region: OrgClient, client_id: str) -> None:
        """Wait until the consent service has learnt the client from the plans topic."""

        async def known() -> bool:
            return (
                await self.gateway.call(region, "GET", f"/api/v1/subjects/{client_id}")
            ).status_code == 200

        await wait_until(known, timeout=30)

    async def grant(
        self,
        region: OrgClient,
        client_id: str,
        recipient: str,
        categories: list[str],
        purpose: str = "plan_sharing_with_provider",
    ) -> dict:
        await self.known_to_consent(region, client_id)
        body = {
            "subject_id": client_id,
            "purpose": purpose,
            "data_categories": categories,
            "recipients": [recipient],
            "given_by": {"role": "subject"},
            "collection_method": "written",
            "notice_version": "plan-sharing-2026-01",
            "notice_language": "fi",
        }
        return await self.ok(region, "POST", "/api/v1/consents", 201, json=body)

    async def withdraw(self, region: OrgClient, consent_id: str) -> dict:
        return await self.ok(
            region,
            "POST",
            f"/api/v1/consents/{consent_id}/withdraw",
            json={"reason": "Asiakas peruutti suostumuksen"},
        )


REPO = Path(__file__).resolve().parents[2]


def _settings_class(name: str) -> type[ServiceSettings]:
    """The service's own settings class: the ServiceSettings subclass its config module defines."""
    module = importlib.import_module(f"{name}.config")
    found = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, ServiceSettings)
        and value.__module__ == module.__name__
    ]
    assert len(found) == 1, f"{name}.config should define one settings class, found {found}"
    return found[0]


async def start_service(
    name: str, app: str, root: Path, bootstrap: str, upstreams: dict[str, str]
) -> Served:
    """Start a discovered service with test settings (its own SQLite file, the test's broker)."""
    kind = _settings_class(name)
    unique = f"{name}-{unique_topic_suffix()}"
    extra: dict[str, Any] = {"upstreams": upstreams} if "upstreams" in kind.model_fields else {}
    settings = service_settings(kind, unique, root / f"{unique}.db", bootstrap, **extra)
    module, _, factory = app.partition(":")
    return await serve(unique, getattr(importlib.import_module(module), factory)(settings))


@asynccontextmanager
async def running_platform(root: Path, bootstrap: str, **gateway_overrides: Any):
    async with AsyncExitStack() as stack:
        plans = await start_plans(root, bootstrap)
        stack.push_async_callback(plans.stop)
        consent = await start_consent(root, bootstrap)
        stack.push_async_callback(consent.stop)
        urls = {"plans": plans.url, "consent": consent.url}
        others: dict[str, Served] = {}
        for found in discover(REPO):
            if found.is_gateway or found.name in urls:
                continue
            others[found.name] = await start_service(found.name, found.app, root, bootstrap, urls)
            stack.push_async_callback(others[found.name].stop)
        # The services share the test's event loop (and a busy CI machine): generous upstream deadlines.
        gateway_overrides.setdefault("upstream_timeout_seconds", 15.0)
        settings = gateway_settings(
            f"sqlite+aiosqlite:///{root / 'gateway.db'}",
            bootstrap,
            f"gateway-{unique_topic_suffix()}",
            urls | {name: served.url for name, served in others.items()},
            **gateway_overrides,
        )
        async with running_gateway(settings, gateway_app) as gateway:
            yield Platform(gateway, plans, consent, others)
