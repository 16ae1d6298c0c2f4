"""Must-show: the client overview survives a stopped or slow service and says what is missing;
with the consent service stopped, cross-organisation reads are refused (fail closed)."""

import asyncio
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from gateway_harness import gateway_settings, running_gateway, serve
from gateway_platform import Platform, running_platform

from gateway.main import create_app
from tukiverkko_common.broker import EmbeddedBroker
from tukiverkko_common.testing.plugin import unique_topic_suffix


@pytest.fixture(scope="module")
def own_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A broker for the platforms these tests stop parts of.

    Their consent service is new, and a new consumer group starts at the earliest offset: on
    the session's broker that is every client event the suite published before (thousands in
    a full run), which it must work through before it knows this test's client.
    """
    with EmbeddedBroker(log_path=tmp_path_factory.mktemp("broker") / "broker.log") as broker:
        yield broker.bootstrap_servers


def _slow_network() -> FastAPI:
    app = FastAPI()

    @app.get("/api/v1/clients/{client_id}/maps")
    async def metrics(client_id: str) -> dict:
        await asyncio.sleep(5)
        return {"degree": 3}

    return app


async def test_overview_answers_with_every_part_when_all_services_run(platform: Platform):
    region = await platform.gateway.register("Kokonaiskuva-alue", "wellbeing_region")
    client = await platform.client(region)
    await platform.plan(region, client["id"])
    overview = await platform.ok(region, "GET", f"/api/v1/clients/{client['id']}/overview")
    assert overview["plans"]["count"] == 1
    assert overview["realisation"]["client_id"] == client["id"]
    assert overview["consents"] == {"active": 0, "items": []}
    assert overview["network"] == {"items": []}
    assert overview["missing"] == []


async def test_with_consent_stopped_the_overview_names_it_and_providers_are_refused(
    own_broker: str, tmp_path
):
    async with running_platform(tmp_path, own_broker, upstream_retries=0) as platform:
        gw = platform.gateway
        region = await gw.register("Alue", "wellbeing_region")
        provider = await gw.register("Tuottaja Oy", "service_provider")
        client = await platform.client(region)
        plan = await platform.plan(region, client["id"])
        await platform.service(region, plan["id"], provider.id)
        await platform.grant(region, client["id"], provider.id, ["plan"])
        assert (await gw.call(provider, "GET", f"/api/v1/plans/{plan['id']}")).status_code == 200

        await platform.consent.stop()

        overview = await gw.call(region, "GET", f"/api/v1/clients/{client['id']}/overview")
        assert overview.status_code == 200, overview.text
        body = overview.json()
        assert body["plans"]["count"] == 1 and body["realisation"] is not None
        assert body["consents"] is None
        assert {"part": "consents", "reason": "unavailable"} in body["missing"]

        refused = await gw.call(provider, "GET", f"/api/v1/plans/{plan['id']}")
        assert refused.status_code == 503
        assert refused.json()["upstream"] == "consent"
        assert "Haluan" not in refused.text
        own = await gw.call(region, "GET", f"/api/v1/plans/{plan['id']}")
        assert own.status_code == 200, "the region's own reads need no consent decision"


async def test_with_plans_stopped_the_overview_still_gives_consents_and_names_the_missing_parts(
    own_broker: str, tmp_path
):
    async with running_platform(tmp_path, own_broker, upstream_retries=0) as platform:
        gw = platform.gateway
        region = await gw.register("Alue", "wellbeing_region")
        provider = await gw.register("Tuottaja Oy", "service_provider")
        client = await platform.client(region)
        await platform.plan(region, client["id"])
        await platform.grant(region, client["id"], provider.id, ["plan"])
        warm = await gw.call(region, "GET", f"/api/v1/clients/{client['id']}/overview")
        assert warm.status_code == 200  # ownership is now known (and cached) at the gateway

        await platform.plans.stop()

        overview = await gw.call(region, "GET", f"/api/v1/clients/{client['id']}/overview")
        assert overview.status_code == 200, overview.text
        body = overview.json()
        assert body["consents"]["active"] == 1
        assert body["plans"] is None and body["realisation"] is None
        missing = {m["part"]: m["reason"] for m in body["missing"]}
        assert missing["plans"] in ("unavailable", "circuit_open")
        assert missing["realisation"] in ("unavailable", "circuit_open")

        unknown = await gw.call(
            region, "GET", "/api/v1/clients/0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c11/overview"
        )
        assert unknown.status_code == 503, (
            "whose client it is cannot be checked: refused, not guessed"
        )


async def test_a_slow_service_is_cut_off_at_its_deadline_and_named(
    platform: Platform, bootstrap_servers: str, tmp_path
):
    network = await serve("slow-network", _slow_network())
    try:
        upstreams = {
            "plans": platform.plans.url,
            "consent": platform.consent.url,
            "network": network.url,
        }
        settings = gateway_settings(
            f"sqlite+aiosqlite:///{tmp_path / 'gw-slow.db'}",
            bootstrap_servers,
            f"gateway-{unique_topic_suffix()}",
            upstreams,
            overview_part_timeout_seconds=0.5,
        )
        async with running_gateway(settings, create_app) as gateway:
            region = await gateway.register("Kiireinen alue", "wellbeing_region")
            driver = Platform(gateway, platform.plans, platform.consent)
            client = await driver.client(region)
            started = asyncio.get_running_loop().time()
            response = await gateway.call(region, "GET", f"/api/v1/clients/{client['id']}/overview")
            elapsed = asyncio.get_running_loop().time() - started
        assert response.status_code == 200
        assert {"part": "network", "reason": "timeout"} in response.json()["missing"]
        assert elapsed < 3, f"the overview waited {elapsed:.1f}s for a part with a 0.5s deadline"
    finally:
        await network.stop()


async def test_a_provider_with_no_part_disclosed_is_refused_with_403(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Epäävä alue", "wellbeing_region")
    provider = await gw.register("Ilman suostumusta Oy", "service_provider")
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    await platform.service(region, plan["id"], provider.id)
    await platform.known_to_consent(region, client["id"])

    refused = await gw.call(provider, "GET", f"/api/v1/clients/{client['id']}/overview")
    assert refused.status_code == 403, refused.text
    assert refused.json()["type"].endswith("consent-required")
    assert "Haluan" not in refused.text
