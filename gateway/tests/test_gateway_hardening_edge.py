"""Attacks at the door: oversized headers, page caps, Host-header redirects, /metrics, refusal logs."""

import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from gateway_fakes import FakeWorld
from gateway_harness import Gateway, gateway_settings, running_gateway

from gateway.main import create_app
from tukiverkko_common.testing.plugin import unique_topic_suffix


@pytest.fixture(scope="module")
async def edge_gateway(
    fake_services, bootstrap_servers: str, tmp_path_factory
) -> AsyncIterator[Gateway]:
    settings = gateway_settings(
        f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('edge') / 'gw.db'}",
        bootstrap_servers,
        f"gateway-{unique_topic_suffix()}",
        {n: s.url for n, s in fake_services.items()},
        max_page_size=25,
        public_url="https://api.tukiverkko.example",
        metrics_scrape_addresses=["192.0.2.80"],
    )
    async with running_gateway(settings, create_app) as gateway:
        yield gateway


def _from(gateway: Gateway, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=gateway.app, client=(address, 41000))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway.test")


async def test_oversized_request_headers_are_refused_with_431(edge_gateway: Gateway):
    headers = {f"x-filler-{i}": "a" * 4000 for i in range(5)}
    response = await edge_gateway.http.get("/api/v1/me", headers=headers)
    assert response.status_code == 431
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/request-header-fields-too-large")


@pytest.mark.parametrize("limit", ["+500", "5_00", "500.0", " 500"])
async def test_the_page_cap_holds_for_every_spelling_of_a_number(edge_gateway: Gateway, limit: str):
    region = await edge_gateway.register(f"Sivuttaja {limit}", "wellbeing_region")
    response = await edge_gateway.call(region, "GET", "/api/v1/clients", params={"limit": limit})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "limit"


async def test_a_repeated_limit_is_refused(edge_gateway: Gateway):
    region = await edge_gateway.register("Toistaja", "wellbeing_region")
    response = await edge_gateway.call(region, "GET", "/api/v1/clients?limit=1&limit=500")
    assert response.status_code == 422


async def test_a_slash_redirect_never_points_at_the_callers_host_header(edge_gateway: Gateway):
    response = await edge_gateway.http.get(
        "/api/v1/asyncapi.json/", headers={"Host": "evil.example"}
    )
    assert response.is_redirect, response.status_code
    location = response.headers["location"]
    assert "evil.example" not in location
    assert location.startswith("/") or location.startswith("https://api.tukiverkko.example/")


async def test_server_metadata_names_the_configured_public_url_not_the_host_header(
    edge_gateway: Gateway,
):
    response = await edge_gateway.http.get(
        "/.well-known/oauth-authorization-server", headers={"Host": "evil.example"}
    )
    assert response.json()["token_endpoint"] == "https://api.tukiverkko.example/api/v1/oauth/token"


async def test_metrics_are_refused_to_outside_callers_without_the_internal_credential(
    edge_gateway: Gateway, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger="gateway.refusals")
    async with _from(edge_gateway, "203.0.113.5") as outsider:
        refused = await outsider.get("/metrics")
        token = edge_gateway.settings.internal_token.get_secret_value()
        credentialed = await outsider.get("/metrics", headers={"x-internal-token": token})
        bearer = await outsider.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        wrong = await outsider.get("/metrics", headers={"Authorization": "Bearer guess"})
    async with _from(edge_gateway, "192.0.2.80") as scraper:
        scraped = await scraper.get("/metrics")
    assert refused.status_code == 401
    assert "http_requests" not in refused.text
    assert credentialed.status_code == bearer.status_code == scraped.status_code == 200
    assert wrong.status_code == 401
    refusals = [r for r in caplog.records if r.name == "gateway.refusals"]
    assert [(r.status, r.route) for r in refusals] == [(401, "/metrics")] * 2


async def test_every_refusal_leaves_one_log_line_without_personal_data(
    edge_gateway: Gateway, fake_world: FakeWorld, caplog: pytest.LogCaptureFixture
):
    region = await edge_gateway.register("Kirjaava alue", "wellbeing_region")
    dashboard = await edge_gateway.register("Kojelauta", "dashboard")
    _, plan_id = fake_world.add_client("kymenlaakso")
    _, elsewhere = fake_world.add_client("pirkanmaa")
    caplog.set_level(logging.INFO, logger="gateway.refusals")
    cases = [
        (None, plan_id, 401, "unauthorized", None),
        (dashboard, plan_id, 403, "role-not-allowed", dashboard.id),
        (region, elsewhere, 404, "not-found", region.id),
    ]
    for caller, plan, status, kind, organisation in cases:
        caplog.clear()
        response = await edge_gateway.call(
            caller, "GET", f"/api/v1/plans/{plan}", headers={"X-Request-ID": f"refusal-{status}"}
        )
        assert response.status_code == status
        records = [r for r in caplog.records if r.name == "gateway.refusals"]
        assert len(records) == 1, [r.getMessage() for r in records]
        record = records[0]
        assert record.status == status and record.problem_type.endswith(f"/{kind}")
        assert record.route == "/api/v1/plans/{plan_id}"
        assert record.request_id == f"refusal-{status}"
        assert record.organisation_id == organisation
        assert str(plan) not in str(record.__dict__)


async def test_a_locked_out_login_leaves_a_refusal_line(
    edge_gateway: Gateway, caplog: pytest.LogCaptureFixture
):
    org = await edge_gateway.register("Lukittu kirjaaja", "municipality")
    caplog.set_level(logging.INFO, logger="gateway.refusals")
    form = {"grant_type": "client_credentials", "client_id": org.client_id, "client_secret": "x"}
    async with _from(edge_gateway, "203.0.113.77") as attacker:
        statuses = [
            (await attacker.post("/api/v1/oauth/token", data=form)).status_code for _ in range(6)
        ]
    assert statuses == [401] * 5 + [429]
    records = [r for r in caplog.records if r.name == "gateway.refusals"]
    assert [r.status for r in records] == [401] * 5 + [429]
    assert records[-1].route == "/api/v1/oauth/token" and records[-1].problem_type == "slow_down"
    assert org.client_id not in str([r.__dict__ for r in records])
