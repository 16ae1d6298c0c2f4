"""Protection at the door: rate limits, body and page-size caps, X-Road headers, fail-closed logging."""

from collections.abc import AsyncIterator

import pytest
from gateway_audit_helpers import audit_rows
from gateway_fakes import FakeWorld, fake_consent
from gateway_harness import Gateway, gateway_settings, running_gateway, serve
from sqlalchemy import text

from gateway.main import create_app
from tukiverkko_common.db import create_engine
from tukiverkko_common.testing.plugin import unique_topic_suffix

XROAD_CLIENT = "FI/GOV/0245437-2/kouvola-asiakastieto"


@pytest.fixture(scope="module")
async def strict_gateway(
    fake_services, bootstrap_servers: str, tmp_path_factory
) -> AsyncIterator[Gateway]:
    """A gateway with low limits."""
    settings = gateway_settings(
        f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('strict') / 'gw.db'}",
        bootstrap_servers,
        f"gateway-{unique_topic_suffix()}",
        {n: s.url for n, s in fake_services.items()},
        rate_limit_per_second=0.5,
        rate_limit_burst=3,
        max_body_bytes=2048,
        max_page_size=25,
    )
    async with running_gateway(settings, create_app) as gateway:
        yield gateway


async def test_a_client_over_its_rate_gets_429_with_retry_after_and_others_are_unaffected(
    strict_gateway: Gateway, fake_world: FakeWorld
):
    busy = await strict_gateway.register("Kiireinen järjestelmä", "wellbeing_region")
    calm = await strict_gateway.register("Rauhallinen järjestelmä", "wellbeing_region")
    _, plan_id = fake_world.add_client("kymenlaakso")
    statuses = [
        (await strict_gateway.call(busy, "GET", f"/api/v1/plans/{plan_id}")) for _ in range(4)
    ]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    limited = statuses[-1]
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["content-type"] == "application/problem+json"
    assert (await strict_gateway.call(calm, "GET", f"/api/v1/plans/{plan_id}")).status_code == 200


async def test_a_body_over_the_limit_is_refused_with_413_before_reaching_the_service(
    strict_gateway: Gateway, fake_world: FakeWorld
):
    region = await strict_gateway.register("Isot lomakkeet", "wellbeing_region")
    _, plan_id = fake_world.add_client("kymenlaakso")
    big = {"summary": "x" * 5000}
    response = await strict_gateway.call(region, "PATCH", f"/api/v1/plans/{plan_id}", json=big)
    assert response.status_code == 413
    assert response.json()["type"].endswith("/payload-too-large")
    assert "summary" not in fake_world.plans[plan_id]

    async def chunks():
        for _ in range(5):
            yield b'{"summary": "' + b"y" * 1000
        yield b'"}'

    chunked = await strict_gateway.http.patch(
        f"/api/v1/plans/{plan_id}",
        content=chunks(),
        headers={**await region.headers(), "content-type": "application/json"},
    )
    assert chunked.status_code == 413
    assert "summary" not in fake_world.plans[plan_id]


async def test_a_page_size_over_the_cap_is_refused_naming_the_field(
    strict_gateway: Gateway, fake_world: FakeWorld
):
    region = await strict_gateway.register("Suuret sivut", "wellbeing_region")
    client_id, _ = fake_world.add_client("kymenlaakso")
    over = await strict_gateway.call(
        region, "GET", f"/api/v1/clients/{client_id}/plans", params={"limit": "26"}
    )
    assert over.status_code == 422
    assert over.json()["errors"][0]["field"] == "limit"
    within = await strict_gateway.call(
        region, "GET", f"/api/v1/clients/{client_id}/plans", params={"limit": "25"}
    )
    assert within.status_code == 200


async def test_bad_path_parameters_get_422_naming_them_after_authentication(
    strict_gateway: Gateway, fake_world: FakeWorld
):
    region = await strict_gateway.register("Huolimaton järjestelmä", "wellbeing_region")
    _, plan_id = fake_world.add_client("kymenlaakso")
    not_an_id = await strict_gateway.call(region, "GET", "/api/v1/plans/not-a-uuid")
    assert not_an_id.status_code == 422
    assert not_an_id.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in not_an_id.json()["errors"]] == ["path.plan_id"]
    version_zero = await strict_gateway.call(region, "GET", f"/api/v1/plans/{plan_id}/versions/0")
    assert version_zero.status_code == 422
    assert version_zero.json()["errors"][0]["field"] == "path.version"
    assert version_zero.json()["errors"][0]["code"] == "greater_than_equal"
    anonymous = await strict_gateway.http.get("/api/v1/plans/not-a-uuid")
    assert anonymous.status_code == 401, "who is asking is checked before what is asked"


async def test_x_road_client_from_an_untrusted_peer_is_not_believed(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    await fake_gateway.register(
        "Väärennetty X-Road", "wellbeing_region", xroad_client=XROAD_CLIENT + "-2"
    )
    _, plan_id = fake_world.add_client("kymenlaakso")
    response = await fake_gateway.http.get(
        f"/api/v1/plans/{plan_id}", headers={"X-Road-Client": XROAD_CLIENT + "-2"}
    )
    assert response.status_code == 401


async def test_x_road_client_contradicting_the_token_is_refused(
    strict_gateway: Gateway, fake_world: FakeWorld
):
    await strict_gateway.register(
        "X-Road-jäsen", "wellbeing_region", xroad_client=XROAD_CLIENT + "-3"
    )
    other = await strict_gateway.register("Toinen jäsen", "wellbeing_region")
    _, plan_id = fake_world.add_client("kymenlaakso")
    response = await strict_gateway.call(
        other, "GET", f"/api/v1/plans/{plan_id}", headers={"X-Road-Client": XROAD_CLIENT + "-3"}
    )
    assert response.status_code == 401


async def _break_outbox(url: str, broken: bool) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        names = ("outbox", "outbox_unavailable") if broken else ("outbox_unavailable", "outbox")
        await conn.execute(text(f"ALTER TABLE {names[0]} RENAME TO {names[1]}"))
    await engine.dispose()


async def test_when_the_access_log_cannot_be_written_the_read_fails_closed(
    fresh_gateway: Gateway, fake_world: FakeWorld
):
    region = await fresh_gateway.register("Lokiton alue", "wellbeing_region")
    client_id, plan_id = fake_world.add_client("kymenlaakso")
    await region.headers()  # token first: the failure under test is the log, not the login
    await _break_outbox(fresh_gateway.settings.effective_database_url, broken=True)
    try:
        refused = await fresh_gateway.call(region, "GET", f"/api/v1/plans/{plan_id}")
        assert refused.status_code == 503
        assert refused.json()["type"].endswith("/audit-log-unavailable")
        assert "oma koti" not in refused.text and "goals" not in refused.text
    finally:
        await _break_outbox(fresh_gateway.settings.effective_database_url, broken=False)
    served = await fresh_gateway.call(region, "GET", f"/api/v1/plans/{plan_id}")
    assert served.status_code == 200 and "oma koti" in served.text
    assert len(await audit_rows(fresh_gateway, client_id)) == 1


async def test_with_the_consent_service_stopped_a_provider_is_refused_and_the_owner_is_not(
    fake_services, fake_world: FakeWorld, bootstrap_servers: str, tmp_path
):
    consent = await serve("fake-consent-stoppable", fake_consent(fake_world))
    upstreams = {"plans": fake_services["plans"].url, "consent": consent.url}
    settings = gateway_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'gw.db'}",
        bootstrap_servers,
        f"gateway-{unique_topic_suffix()}",
        upstreams,
        upstream_retries=0,
    )
    async with running_gateway(settings, create_app) as gateway:
        region = await gateway.register("Alue", "wellbeing_region")
        provider = await gateway.register("Tuottaja Oy", "service_provider")
        client_id, plan_id = fake_world.add_client("kymenlaakso")
        fake_world.relate(client_id, provider.id)
        fake_world.permit(client_id, provider.id, "plan")
        assert (await gateway.call(provider, "GET", f"/api/v1/plans/{plan_id}")).status_code == 200
        await consent.stop()
        refused = await gateway.call(provider, "GET", f"/api/v1/plans/{plan_id}")
        assert refused.status_code == 503
        assert refused.json()["upstream"] == "consent"
        assert "oma koti" not in refused.text
        assert (await gateway.call(region, "GET", f"/api/v1/plans/{plan_id}")).status_code == 200
        disclosures = [
            r for r in await audit_rows(gateway, client_id) if r["type"].endswith("disclosed.v1")
        ]
        assert len(disclosures) == 1, "only the permitted read was disclosed"


async def test_unknown_paths_do_not_exist(fake_gateway: Gateway):
    region = await fake_gateway.register("Utelias alue", "wellbeing_region")
    for path in (
        "/api/v1/ownership/client/0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c11",
        "/api/v1/decisions",
    ):
        response = await fake_gateway.call(region, "GET", path)
        assert response.status_code == 404, path
