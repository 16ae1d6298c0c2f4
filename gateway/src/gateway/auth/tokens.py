"""Issue the gateway's own access tokens and verify bearer tokens (own or the external OIDC issuer's)."""

import time
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from gateway.auth.keys import ALGORITHM, SigningKey
from gateway.config import GatewaySettings
from tukiverkko_common.ids import new_id

OIDC_ALGORITHMS = frozenset({"RS256", "PS256", "ES256", "EdDSA"})
"""Asymmetric algorithms accepted from the external issuer; HS* and none never are (fixed in code)."""
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
LEEWAY_SECONDS = 10


class InvalidToken(Exception):
    """The bearer token is not one the gateway accepts; the reason is for logs, not for the caller."""


@dataclass(frozen=True)
class VerifiedToken:
    """The claims of a token whose signature, issuer, audience and lifetime were checked."""

    claims: dict[str, Any]
    external: bool

    @property
    def expires_at(self) -> float:
        return float(self.claims["exp"])


class OidcKeys:
    """The external issuer's JWKS, fetched and cached; refetched (rate-limited) on an unknown kid."""

    def __init__(self, settings: GatewaySettings) -> None:
        self._settings = settings
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = 0.0

    async def key_for(self, kid: str | None) -> jwt.PyJWK:
        """Return the signing key with this kid, fetching the JWKS when stale or missing it."""
        now = time.monotonic()
        stale = now - self._fetched_at > self._settings.oidc_jwks_cache_seconds
        if stale or (kid not in self._keys and now - self._fetched_at > 10):
            await self._refresh()
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        if kid not in self._keys:
            raise InvalidToken("unknown key id")
        return self._keys[kid]

    async def _refresh(self) -> None:
        url = self._settings.oidc_jwks_url
        if not url:
            raise InvalidToken("no JWKS URL configured for the external issuer")
        try:
            async with httpx.AsyncClient(timeout=3.0) as client:
                response = await client.get(url)
                response.raise_for_status()
                keyset = jwt.PyJWKSet.from_dict(response.json())
        except (httpx.HTTPError, ValueError, jwt.PyJWTError) as exc:
            raise InvalidToken(f"JWKS unavailable: {type(exc).__name__}") from exc
        self._keys = {
            k.key_id: k for k in keyset.keys if k.key_id and k.public_key_use in (None, "sig")
        }
        self._fetched_at = time.monotonic()


class TokenService:
    """Sign client-credentials tokens; verify any bearer token against the right issuer's keys."""

    def __init__(self, settings: GatewaySettings, key: SigningKey) -> None:
        self._settings = settings
        self._key = key
        self._oidc = OidcKeys(settings)
        self._verified: dict[str, VerifiedToken] = {}

    def issue(
        self, *, client_id: str, organisation_id: str, role: str, scopes: list[str]
    ) -> tuple[str, int]:
        """Return a signed access token and its lifetime in seconds."""
        now = int(time.time())
        ttl = self._settings.token_ttl_seconds
        claims = {
            "iss": self._settings.token_issuer,
            "aud": self._settings.token_audience,
            "sub": client_id,
            "client_id": client_id,
            "org": organisation_id,
            "role": role,
            "scope": " ".join(sorted(scopes)),
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "jti": str(new_id()),
        }
        token = jwt.encode(
            claims, self._key.private_key, algorithm=ALGORITHM, headers={"kid": self._key.kid}
        )
        return token, ttl

    async def verify(self, token: str) -> VerifiedToken:
        """Return the verified claims or raise InvalidToken."""
        cached = self._verified.get(token)
        if cached is not None and cached.expires_at > time.time():
            return cached
        verified = await self._verify(token)
        if len(self._verified) > 10_000:
            self._prune()
        self._verified[token] = verified
        return verified

    async def _verify(self, token: str) -> VerifiedToken:
        try:
            header = jwt.get_unverified_header(token)
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"malformed token: {type(exc).__name__}") from exc
        settings = self._settings
        if issuer == settings.token_issuer:
            key: Any = self._key.public_key
            algorithms = [ALGORITHM]
            audience = settings.token_audience
            external = False
        elif settings.oidc_issuer and issuer == settings.oidc_issuer:
            if not settings.oidc_audience:
                raise InvalidToken("external issuer configured without an audience")
            jwk = await self._oidc.key_for(header.get("kid"))
            if jwk.algorithm_name not in OIDC_ALGORITHMS or header.get("alg") != jwk.algorithm_name:
                raise InvalidToken("algorithm does not match the issuer's key")
            key, algorithms, audience, external = (
                jwk.key,
                [jwk.algorithm_name],
                settings.oidc_audience,
                True,
            )
        else:
            raise InvalidToken("unknown issuer")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=audience,
                issuer=issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": REQUIRED_CLAIMS},
            )
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise InvalidToken(f"rejected: {type(exc).__name__}") from exc
        return VerifiedToken(claims=claims, external=external)

    def _prune(self) -> None:
        now = time.time()
        self._verified = {t: v for t, v in self._verified.items() if v.expires_at > now}
        if len(self._verified) > 10_000:
            self._verified.clear()
