"""Gateway fixtures: a gateway on a real database and the real broker, in front of fake or real services."""

import importlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest


def _unshadow_gateway_package() -> None:
    # pytest (--import-mode=importlib, rootdir on sys.path) imports this file as
    # `gateway.tests.conftest` and first registers the folder /work/main/gateway as a
    # namespace package named `gateway`, shadowing the real package in gateway/src.
    # Put the real one back; the `gateway.tests` entry pytest made keeps working.
    shadow = sys.modules.get("gateway")
    if shadow is not None and getattr(shadow, "__file__", None) is None:
        del sys.modules["gateway"]
        importlib.import_module("gateway")


_unshadow_gateway_package()
sys.path.insert(0, str(Path(__file__).parent))

from gateway_fakes import FakeWorld, fake_consent, fake_plans  # noqa: E402
from gateway_harness import Gateway, Served, gateway_settings, running_gateway, serve  # noqa: E402

from gateway.main import create_app  # noqa: E402
from tukiverkko_common.testing.plugin import unique_topic_suffix  # noqa: E402


@pytest.fixture(scope="session")
def fake_world() -> FakeWorld:
    return FakeWorld()


@pytest.fixture(scope="session")
async def fake_services(fake_world: FakeWorld) -> AsyncIterator[dict[str, Served]]:
    plans = await serve("fake-plans", fake_plans(fake_world))
    consent = await serve("fake-consent", fake_consent(fake_world))
    yield {"plans": plans, "consent": consent}
    await plans.stop()
    await consent.stop()


@pytest.fixture(scope="session")
async def fake_gateway(
    fake_services: dict[str, Served],
    bootstrap_servers: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Gateway]:
    """One gateway (SQLite) in front of the fake services, shared by the unit tests."""
    db = tmp_path_factory.mktemp("gw") / "gateway.db"
    settings = gateway_settings(
        f"sqlite+aiosqlite:///{db}",
        bootstrap_servers,
        f"gateway-{unique_topic_suffix()}",
        {name: s.url for name, s in fake_services.items()},
    )
    async with running_gateway(settings, create_app) as gateway:
        yield gateway


@pytest.fixture
async def fresh_gateway(
    database_url: str, bootstrap_servers: str, fake_services: dict[str, Served]
) -> AsyncIterator[Gateway]:
    """A gateway of its own on each database backend (SQLite and PostgreSQL)."""
    settings = gateway_settings(
        database_url,
        bootstrap_servers,
        f"gateway-{unique_topic_suffix()}",
        {name: s.url for name, s in fake_services.items()},
    )
    async with running_gateway(settings, create_app) as gateway:
        yield gateway


@pytest.fixture(scope="session")
async def platform(bootstrap_servers: str, tmp_path_factory: pytest.TempPathFactory):
    """The real plans and consent services behind a gateway, shared by the integration tests."""
    from gateway_platform import running_platform

    async with running_platform(tmp_path_factory.mktemp("platform"), bootstrap_servers) as running:
        yield running
