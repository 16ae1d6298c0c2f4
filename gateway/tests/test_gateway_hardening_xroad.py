"""X-Road callers are authenticated by mutual TLS or a token, and forwarded-for only from proxies."""

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from gateway_audit_helpers import audit_rows
from gateway_fakes import FakeWorld
from gateway_harness import Gateway, Served, _QuietServer, gateway_settings, wait_until

from gateway.auth.mtls import ClientCertH11Protocol
from gateway.config import GatewaySettings
from gateway.main import create_app
from gateway.pseudonym import Pseudonymiser
from tukiverkko_common.broker import free_port
from tukiverkko_common.testing.certificates import TestCA, client_context
from tukiverkko_common.testing.plugin import unique_topic_suffix

MEMBER = "FI/GOV/0245437-2/kouvola-asiakastieto"
UNREGISTERED = "FI/COM/0000000-0/nobody"


@contextlib.asynccontextmanager
async def _serve(settings: GatewaySettings, **config: Any) -> AsyncIterator[Gateway]:
    """Run the gateway with uvicorn's options as deployed: proxies from settings, maybe TLS."""
    port = free_port()
    app = create_app(settings)
    options = dict(settings.uvicorn_proxy_options(), **config)
    server = _QuietServer(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **options)
    )
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        if task.done():
            task.result()
        return server.started

    await wait_until(started, timeout=60, interval=0.02)
    scheme = "https" if "ssl_certfile" in config else "http"
    served = Served(settings.service_name, app, port, server, task)
    served_url = f"{scheme}://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=served_url, verify=False, timeout=30) as http:
            yield Gateway(served, settings, http)
    finally:
        await served.stop()


def _settings(fake_services, bootstrap: str, folder: Path, **overrides: Any) -> GatewaySettings:
    return gateway_settings(
        f"sqlite+aiosqlite:///{folder / 'gw.db'}",
        bootstrap,
        f"gateway-{unique_topic_suffix()}",
        {n: s.url for n, s in fake_services.items()},
        token_lockout_failures=2,
        **overrides,
    )


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("pki")
    ca = TestCA(folder, "Security Server CA")
    rogue = TestCA(folder, "Rogue CA")
    return {
        "ca": ca.files.cert,
        "server": ca.issue("gateway", "server", ip="127.0.0.1"),
        "member": ca.issue(MEMBER, "member"),
        "unregistered": ca.issue(UNREGISTERED, "unregistered"),
        "rogue": rogue.issue(MEMBER, "rogue-member"),
    }


@pytest.fixture(scope="module")
async def xroad_gateway(fake_services, bootstrap_servers: str, tmp_path_factory, pki):
    """A gateway as behind a Security Server: TLS, client certificates verified when sent."""
    settings = _settings(
        fake_services,
        bootstrap_servers,
        tmp_path_factory.mktemp("xroad"),
        xroad_trusted_peers=["127.0.0.1"],  # the old setting: must no longer mean anything
    )
    tls = {
        "ssl_certfile": str(pki["server"].cert),
        "ssl_keyfile": str(pki["server"].key),
        "ssl_ca_certs": str(pki["ca"]),
        "ssl_cert_reqs": ssl.CERT_OPTIONAL,
        "http": ClientCertH11Protocol,
    }
    async with _serve(settings, **tls) as gateway:
        await gateway.register("Kouvolan järjestelmä", "wellbeing_region", xroad_client=MEMBER)
        yield gateway


def _as(gateway: Gateway, pki: dict[str, Any], cert: str | None) -> httpx.AsyncClient:
    context = client_context(pki["ca"], pki[cert] if cert else None)
    return httpx.AsyncClient(base_url=gateway.http.base_url, verify=context, timeout=30)


async def test_a_forged_x_road_client_header_from_loopback_reads_nothing(
    xroad_gateway: Gateway, fake_world: FakeWorld, pki
):
    _, plan_id = fake_world.add_client("kymenlaakso")
    forged = {"X-Road-Client": MEMBER, "X-Forwarded-For": "10.20.30.40"}
    async with _as(xroad_gateway, pki, None) as anonymous:
        response = await anonymous.get(f"/api/v1/plans/{plan_id}", headers=forged)
    assert response.status_code == 401
    assert "oma koti" not in response.text


async def test_a_verified_member_certificate_reads_and_its_ids_reach_the_logs(
    xroad_gateway: Gateway, fake_world: FakeWorld, pki
):
    client_id, plan_id = fake_world.add_client("kymenlaakso")
    headers = {"X-Road-Client": MEMBER, "X-Road-Id": "xroad-7f3e-0002", "X-Road-UserId": "FI-9001"}
    async with _as(xroad_gateway, pki, "member") as member:
        response = await member.get(f"/api/v1/plans/{plan_id}", headers=headers)
        bare = await member.get(f"/api/v1/plans/{plan_id}")
    assert response.status_code == 200, response.text
    assert bare.status_code == 200, "the certificate alone identifies the member"
    assert response.headers["x-road-request-id"] == "xroad-7f3e-0002"
    entry = next(
        r
        for r in await audit_rows(xroad_gateway, client_id)
        if r["request_id"] == "xroad-7f3e-0002"
    )
    assert (
        entry["organisation_id"] == (await xroad_gateway.state.registry.by_xroad_client(MEMBER)).id
    )
    key = xroad_gateway.settings.pseudonym_key.get_secret_value()
    assert entry["user_id"] == Pseudonymiser(key).user("x-road", "FI-9001")


@pytest.mark.parametrize("cert", ["unregistered", "rogue"])
async def test_certificates_of_unknown_members_or_other_authorities_read_nothing(
    xroad_gateway: Gateway, fake_world: FakeWorld, pki, cert: str
):
    _, plan_id = fake_world.add_client("kymenlaakso")
    try:
        async with _as(xroad_gateway, pki, cert) as caller:
            response = await caller.get(
                f"/api/v1/plans/{plan_id}", headers={"X-Road-Client": MEMBER}
            )
    except httpx.TransportError:
        return  # the handshake refused the certificate: nothing was read
    assert response.status_code == 401


async def test_a_member_certificate_cannot_claim_another_member(
    xroad_gateway: Gateway, fake_world: FakeWorld, pki
):
    await xroad_gateway.register("Toinen jäsen", "wellbeing_region", xroad_client=MEMBER + "-b")
    _, plan_id = fake_world.add_client("kymenlaakso")
    async with _as(xroad_gateway, pki, "member") as member:
        response = await member.get(
            f"/api/v1/plans/{plan_id}", headers={"X-Road-Client": MEMBER + "-b"}
        )
    assert response.status_code == 401


async def _fail_logins(gateway: Gateway, client_id: str, forwarded: list[str]) -> list[int]:
    statuses = []
    for address in forwarded:
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": "x"}
        headers = {"X-Forwarded-For": address}
        async with _as_plain(gateway) as http:
            response = await http.post("/api/v1/oauth/token", data=form, headers=headers)
        statuses.append(response.status_code)
    return statuses


def _as_plain(gateway: Gateway) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=gateway.http.base_url, verify=False, timeout=30)


async def test_forwarded_for_from_an_unconfigured_peer_does_not_change_the_address(
    xroad_gateway: Gateway,
):
    org = await xroad_gateway.register("Lukitus ilman välityspalvelinta", "municipality")
    rotating = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    assert await _fail_logins(xroad_gateway, org.client_id, rotating) == [401, 401, 429]


async def test_forwarded_for_from_a_configured_proxy_is_the_address(
    fake_services, bootstrap_servers: str, tmp_path: Path
):
    settings = _settings(
        fake_services, bootstrap_servers, tmp_path, forwarded_allow_ips="127.0.0.1"
    )
    async with _serve(settings) as gateway:
        org = await gateway.register("Lukitus välityspalvelimen takana", "municipality")
        attacker = await _fail_logins(gateway, org.client_id, ["198.51.100.9"] * 3)
        elsewhere = await _fail_logins(gateway, org.client_id, ["192.0.2.9"])
    assert attacker == [401, 401, 429] and elsewhere == [401]
