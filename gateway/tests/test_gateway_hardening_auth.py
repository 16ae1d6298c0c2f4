"""Attacks on authentication: OIDC organisation claims and the token endpoint's lockout."""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from gateway_harness import Gateway, OrgClient, gateway_settings, running_gateway, serve

from gateway.auth import secrets as client_secrets
from gateway.main import create_app
from tukiverkko_common.testing.plugin import unique_topic_suffix

ISSUER = "https://tunnistus.hardening.example"
AUDIENCE = "tukiverkko"
IDP_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks_app() -> FastAPI:
    app = FastAPI()
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(IDP_KEY.public_key(), as_dict=True)

    @app.get("/jwks")
    async def jwks() -> dict:
        return {"keys": [dict(jwk, kid="idp-1", alg="RS256", use="sig")]}

    return app


def _idp_token(organisation: str) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "worker-4410",
        "iat": now,
        "exp": now + 300,
        "organisation": organisation,
    }
    return jwt.encode(claims, IDP_KEY, algorithm="RS256", headers={"kid": "idp-1"})


@pytest.fixture(scope="module")
async def guarded_gateway(
    fake_services, bootstrap_servers: str, tmp_path_factory
) -> AsyncIterator[Gateway]:
    idp = await serve("idp-hardening", _jwks_app())
    settings = gateway_settings(
        f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('hard') / 'gw.db'}",
        bootstrap_servers,
        f"gateway-{unique_topic_suffix()}",
        {n: s.url for n, s in fake_services.items()},
        oidc_issuer=ISSUER,
        oidc_jwks_url=f"{idp.url}/jwks",
        oidc_audience=AUDIENCE,
        token_endpoint_per_minute=4,
        token_lockout_failures=3,
        token_lockout_seconds=60,
    )
    async with running_gateway(settings, create_app) as gateway:
        yield gateway
    await idp.stop()


async def _me(gateway: Gateway, token: str) -> httpx.Response:
    return await gateway.http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


async def test_an_oidc_claim_holding_a_raw_organisation_id_is_refused(guarded_gateway: Gateway):
    org = await guarded_gateway.register(
        "Etelä-Karjalan hyvinvointialue", "wellbeing_region", oidc_organisation="ekhva"
    )
    assert (await _me(guarded_gateway, _idp_token("ekhva"))).status_code == 200, "control"
    forged = await _me(guarded_gateway, _idp_token(org.id))
    assert forged.status_code == 401
    bare = await guarded_gateway.register("Ilman aliasta", "wellbeing_region")
    assert (await _me(guarded_gateway, _idp_token(bare.id))).status_code == 401


def _from(gateway: Gateway, address: str) -> httpx.AsyncClient:
    """A client reaching the running app as if from this network address."""
    transport = httpx.ASGITransport(app=gateway.app, client=(address, 40123))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway.test")


async def _login(http: httpx.AsyncClient, org: OrgClient, secret: str) -> httpx.Response:
    form = {"grant_type": "client_credentials", "client_id": org.client_id, "client_secret": secret}
    return await http.post("/api/v1/oauth/token", data=form)


async def test_an_attacker_failing_logins_cannot_lock_the_real_client_out(
    guarded_gateway: Gateway,
):
    org = await guarded_gateway.register("Lukittava integraatio", "municipality")
    async with (
        _from(guarded_gateway, "203.0.113.66") as attacker,
        _from(guarded_gateway, "198.51.100.10") as real,
    ):
        attempts = [await _login(attacker, org, "guess") for _ in range(4)]
        granted = await _login(real, org, org.secret)
        assert granted.status_code == 200, granted.text
        assert [a.status_code for a in attempts] == [401, 401, 401, 429]
        assert int(attempts[-1].headers["retry-after"]) >= 1
        still_locked = await _login(attacker, org, org.secret)
        assert still_locked.status_code == 429, "even the right secret waits out the lockout"


async def test_unknown_client_ids_are_refused_like_wrong_secrets(guarded_gateway: Gateway):
    org = await guarded_gateway.register("Tunnettu asiakas", "municipality")
    async with _from(guarded_gateway, "192.0.2.44") as http:
        wrong = await _login(http, org, "wrong")
        ghost = OrgClient(org.organisation, "tvc_000000000000000000000000", "x", org.gateway_url)
        unknown = await _login(http, ghost, "wrong")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_a_flood_of_logins_beyond_the_hashing_bound_is_told_when_to_retry(
    fake_services, bootstrap_servers: str, tmp_path
):
    settings = gateway_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'gw.db'}",
        bootstrap_servers,
        f"gateway-{unique_topic_suffix()}",
        {n: s.url for n, s in fake_services.items()},
        token_hash_concurrency=1,
        token_hash_queue=0,
    )
    async with running_gateway(settings, create_app) as gateway:
        org = await gateway.register("Tulvittu integraatio", "municipality")
        async with _from(gateway, "203.0.113.90") as attacker:
            answers = await asyncio.gather(*(_login(attacker, org, "x") for _ in range(8)))
            async with _from(gateway, "198.51.100.90") as real:
                granted = await _login(real, org, org.secret)
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) == {401, 503}, statuses
    busy = next(a for a in answers if a.status_code == 503)
    assert int(busy.headers["retry-after"]) >= 1
    assert busy.json()["error"] == "temporarily_unavailable"
    assert granted.status_code == 200, "once the flood has passed, the real client gets in"


async def test_an_unknown_client_id_costs_a_real_checks_time_without_hashing(
    monkeypatch: pytest.MonkeyPatch,
):
    verifier = client_secrets.SecretVerifier(concurrency=2, queue=2, wait_seconds=60)
    stored = client_secrets.hash_secret("the-real-secret")
    started = time.perf_counter()
    assert not await verifier.verify(stored, "guess")
    known = time.perf_counter() - started
    hashed: list[str] = []
    real_verify = client_secrets.verify_secret

    def counting(stored_hash: str, secret: str) -> bool:
        hashed.append(stored_hash)
        return real_verify(stored_hash, secret)

    monkeypatch.setattr(client_secrets, "verify_secret", counting)
    started = time.perf_counter()
    assert not await verifier.verify(None, "guess")
    unknown = time.perf_counter() - started
    assert hashed == [], "an unknown id spends no Argon2 memory"
    # The wait copies the measured cost, so the timing does not tell that the id is unknown.
    assert unknown >= 0.5 * known, (unknown, known)
