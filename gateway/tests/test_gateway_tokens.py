"""Authentication: the token endpoint, and which bearer tokens the gateway refuses (all with 401)."""

import base64
import time
from collections.abc import AsyncIterator

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from gateway_harness import Gateway, gateway_settings, running_gateway, serve

from gateway.main import create_app
from tukiverkko_common.testing.plugin import unique_topic_suffix

ISSUER = "https://tunnistus.kymenlaakso.example"
AUDIENCE = "tukiverkko"
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
RSA_PUBLIC_PEM = RSA_KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)


def _jwks_app() -> FastAPI:
    app = FastAPI()
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(RSA_KEY.public_key(), as_dict=True)

    @app.get("/jwks")
    async def jwks() -> dict:
        return {"keys": [dict(jwk, kid="idp-key-1", alg="RS256", use="sig")]}

    return app


@pytest.fixture(scope="module")
async def oidc_gateway(
    fake_services, bootstrap_servers: str, tmp_path_factory
) -> AsyncIterator[Gateway]:
    idp = await serve("idp", _jwks_app())
    settings = gateway_settings(
        f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('oidc') / 'gw.db'}",
        bootstrap_servers,
        f"gateway-{unique_topic_suffix()}",
        {n: s.url for n, s in fake_services.items()},
        oidc_issuer=ISSUER,
        oidc_jwks_url=f"{idp.url}/jwks",
        oidc_audience=AUDIENCE,
        registry_cache_seconds=0.1,
    )
    async with running_gateway(settings, create_app) as gateway:
        yield gateway
    await idp.stop()


def _idp_token(**overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "worker-7781",
        "iat": now,
        "exp": now + 300,
        "organisation": "kymenlaakso-hva",
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, RSA_KEY, algorithm="RS256", headers={"kid": "idp-key-1"})


async def _me(gateway: Gateway, token: str):
    return await gateway.http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


async def test_registered_client_gets_a_short_lived_token_that_identifies_its_organisation(
    oidc_gateway: Gateway,
):
    org = await oidc_gateway.register(
        "Kouvolan kaupunki", "municipality", scopes=["clients:read", "plans:read"]
    )
    response = await oidc_gateway.http.post(
        "/api/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": org.client_id,
            "client_secret": org.secret,
        },
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer" and 0 < body["expires_in"] <= 3600
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "EdDSA"
    me = await _me(oidc_gateway, body["access_token"])
    assert me.status_code == 200
    assert me.json() == {
        "organisation_id": org.id,
        "name": "Kouvolan kaupunki",
        "role": "municipality",
        "scopes": ["clients:read", "plans:read"],
        "via": "client_credentials",
    }


async def test_http_basic_client_authentication_and_a_narrower_scope_are_accepted(
    oidc_gateway: Gateway,
):
    org = await oidc_gateway.register(
        "Mikkelin kaupunki", "municipality", scopes=["clients:read", "plans:read"]
    )
    basic = base64.b64encode(f"{org.client_id}:{org.secret}".encode()).decode()
    response = await oidc_gateway.http.post(
        "/api/v1/oauth/token",
        data={"grant_type": "client_credentials", "scope": "plans:read"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200, response.text
    me = await _me(oidc_gateway, response.json()["access_token"])
    assert me.json()["scopes"] == ["plans:read"]


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"grant_type": "client_credentials", "client_secret": "wrong"}, 401, "invalid_client"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials", "scope": "audit:read"}, 400, "invalid_scope"),
        ({}, 400, "invalid_request"),
    ],
)
async def test_token_requests_that_break_the_rules_get_rfc6749_errors(
    oidc_gateway: Gateway, form, status, error
):
    org = await oidc_gateway.register(
        "Palveluntuottaja Oy", "service_provider", scopes=["plans:read"]
    )
    data = {"client_id": org.client_id, "client_secret": org.secret, **form}
    if not form:
        data = {"client_id": org.client_id, "client_secret": org.secret}
    response = await oidc_gateway.http.post("/api/v1/oauth/token", data=data)
    assert response.status_code == status
    assert response.json()["error"] == error


async def test_a_json_token_request_is_refused_because_rfc6749_requires_a_form(
    oidc_gateway: Gateway,
):
    org = await oidc_gateway.register("Yhdistys ry", "ngo")
    response = await oidc_gateway.http.post(
        "/api/v1/oauth/token",
        json={
            "grant_type": "client_credentials",
            "client_id": org.client_id,
            "client_secret": org.secret,
        },
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


async def test_a_revoked_client_gets_no_tokens_and_its_live_token_stops_working(
    oidc_gateway: Gateway,
):
    from gateway.registry import revoke_client
    from tukiverkko_common.db import WRITE

    org = await oidc_gateway.register("Lopettava Oy", "service_provider")
    token = await org.token()
    assert (await _me(oidc_gateway, token)).status_code == 200
    async with oidc_gateway.state.runtime.sessions() as session:
        await session.connection(execution_options=WRITE)
        assert await revoke_client(session, org.client_id)
        await session.commit()
    time.sleep(0.15)  # past the registry cache
    assert (await _me(oidc_gateway, token)).status_code == 401
    response = await oidc_gateway.http.post(
        "/api/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": org.client_id,
            "client_secret": org.secret,
        },
    )
    assert response.status_code == 401


def _own_claims(gateway: Gateway, org_id: str, client_id: str, **overrides) -> dict:
    now = int(time.time())
    claims = {
        "iss": gateway.settings.token_issuer,
        "aud": gateway.settings.token_audience,
        "sub": client_id,
        "client_id": client_id,
        "org": org_id,
        "scope": "plans:read",
        "iat": now,
        "exp": now + 300,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _sign_own(gateway: Gateway, claims: dict) -> str:
    key = gateway.state.signing_key
    return jwt.encode(claims, key.private_key, algorithm="EdDSA", headers={"kid": key.kid})


def _unsigned(claims: dict) -> str:
    def part(data: dict) -> str:
        import json

        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _hs_with_public_key(claims: dict, public_key: bytes) -> str:
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = f"{_b64(header)}.{_b64(claims)}".encode()
    import hashlib
    import hmac

    signature = hmac.new(public_key, signing_input, hashlib.sha256).digest()
    return f"{signing_input.decode()}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def _b64(data: dict) -> str:
    import json

    return (
        base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
        .rstrip(b"=")
        .decode()
    )


BAD_TOKENS = {
    "alg none": lambda g, o, c: _unsigned(_own_claims(g, o, c)),
    "HS256 signed with the gateway's public key": lambda g, o, c: _hs_with_public_key(
        _own_claims(g, o, c),
        g.state.signing_key.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    ),
    "HS256 signed with the IdP's RSA public key": lambda g, o, c: _hs_with_public_key(
        {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "x",
            "iat": int(time.time()),
            "exp": int(time.time()) + 300,
            "organisation": o,
        },
        RSA_PUBLIC_PEM,
    ),
    "expired": lambda g, o, c: _sign_own(
        g, _own_claims(g, o, c, iat=int(time.time()) - 900, exp=int(time.time()) - 600)
    ),
    "wrong audience": lambda g, o, c: _sign_own(g, _own_claims(g, o, c, aud="another-api")),
    "wrong issuer": lambda g, o, c: _sign_own(g, _own_claims(g, o, c, iss="https://evil.example")),
    "no exp": lambda g, o, c: _sign_own(g, _own_claims(g, o, c, exp=None)),
    "signed by another key": lambda g, o, c: jwt.encode(
        _own_claims(g, o, c),
        __import__(
            "cryptography.hazmat.primitives.asymmetric.ed25519", fromlist=["x"]
        ).Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
    ),
    "IdP token, wrong audience": lambda g, o, c: _idp_token(aud="someone-else", organisation=o),
    "IdP token, expired": lambda g, o, c: _idp_token(
        exp=int(time.time()) - 600, iat=int(time.time()) - 900, organisation=o
    ),
    "IdP token, no exp": lambda g, o, c: _idp_token(exp=None, organisation=o),
    "IdP token, unregistered organisation": lambda g, o, c: _idp_token(
        organisation="nobody-we-know"
    ),
    "garbage": lambda g, o, c: "not.a.jwt",
}


@pytest.mark.parametrize("kind", sorted(BAD_TOKENS))
async def test_tokens_the_gateway_must_not_accept_get_401(oidc_gateway: Gateway, kind: str):
    org = await oidc_gateway.register(
        f"Kohde {kind}", "wellbeing_region", oidc_organisation=f"alias-{kind}"
    )
    good = _sign_own(oidc_gateway, _own_claims(oidc_gateway, org.id, org.client_id))
    assert (await _me(oidc_gateway, good)).status_code == 200, "control: a well-formed token passes"
    response = await _me(oidc_gateway, BAD_TOKENS[kind](oidc_gateway, org.id, org.client_id))
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_the_regions_own_identity_provider_tokens_are_accepted_with_the_user_pseudonymised(
    oidc_gateway: Gateway,
):
    org = await oidc_gateway.register(
        "Kymenlaakson hyvinvointialue", "wellbeing_region", oidc_organisation="kymenlaakso-hva"
    )
    response = await _me(oidc_gateway, _idp_token(scope="plans:read clients:read"))
    assert response.status_code == 200, response.text
    assert response.json()["organisation_id"] == org.id
    assert response.json()["via"] == "oidc"
    assert response.json()["scopes"] == ["clients:read", "plans:read"]


async def test_requests_without_a_bearer_token_get_401(oidc_gateway: Gateway):
    assert (await oidc_gateway.http.get("/api/v1/me")).status_code == 401
    basic = await oidc_gateway.http.get(
        "/api/v1/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}
    )
    assert basic.status_code == 401


async def test_the_jwks_publishes_the_key_that_verifies_issued_tokens(oidc_gateway: Gateway):
    org = await oidc_gateway.register("JWKS-tarkistaja", "dashboard")
    token = await org.token()
    jwks = (await oidc_gateway.http.get("/.well-known/jwks.json")).json()
    key = jwt.PyJWKSet.from_dict(jwks)[jwt.get_unverified_header(token)["kid"]]
    claims = jwt.decode(
        token, key.key, algorithms=["EdDSA"], audience=oidc_gateway.settings.token_audience
    )
    assert claims["org"] == org.id and claims["exp"] > time.time()
