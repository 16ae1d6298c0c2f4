"""OAuth 2.0 client-credentials token endpoint (RFC 6749 §4.4), JWKS and server metadata."""

import base64
import binascii
from typing import Any
from urllib.parse import parse_qs, unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from gateway.auth.caller import CallerDep
from gateway.auth.lockout import Locked
from gateway.auth.secrets import Saturated
from gateway.openapi_docs import error_responses
from gateway.policy import ROLE_SCOPES
from gateway.schemas import CallerRead, OAuthError, TokenResponse
from gateway.state import GatewayState, get_state
from tukiverkko_common.problems import Problem

router = APIRouter(tags=["authentication"])
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
FORM = "application/x-www-form-urlencoded"
ALL_SCOPES = sorted(set().union(*ROLE_SCOPES.values()))

TOKEN_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["grant_type"],
    "additionalProperties": False,
    "properties": {
        "grant_type": {"type": "string", "enum": ["client_credentials"]},
        "client_id": {
            "type": "string",
            "description": "With client_secret, unless HTTP Basic authentication is used",
        },
        "client_secret": {"type": "string"},
        "scope": {"type": "string", "description": "Space-separated subset of the client's scopes"},
    },
}


class OAuthFailure(Exception):
    """An RFC 6749 §5.2 error."""

    def __init__(
        self, error: str, description: str, status: int = 400, retry_after: int | None = None
    ) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status
        self.retry_after = retry_after

    def response(self) -> JSONResponse:
        headers = dict(NO_STORE)
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        if self.status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="tukiverkko"'
        body = {"error": self.error, "error_description": self.description}
        return JSONResponse(body, status_code=self.status, headers=headers)


def _form(request: Request, body: bytes) -> dict[str, str]:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM:
        raise OAuthFailure("invalid_request", f"the body must be {FORM}")
    try:
        parsed = parse_qs(body.decode("ascii"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError) as exc:
        raise OAuthFailure("invalid_request", "the body is not a valid form") from exc
    repeated = [k for k, v in parsed.items() if len(v) > 1]
    if repeated:
        raise OAuthFailure("invalid_request", f"parameters repeated: {', '.join(sorted(repeated))}")
    unknown = set(parsed) - set(TOKEN_REQUEST_SCHEMA["properties"])
    if unknown:
        raise OAuthFailure("invalid_request", f"unknown parameters: {', '.join(sorted(unknown))}")
    return {k: v[0] for k, v in parsed.items()}


def _credentials(request: Request, form: dict[str, str]) -> tuple[str, str]:
    header = request.headers.get("authorization")
    if header and ("client_secret" in form):
        raise OAuthFailure("invalid_request", "use one client authentication method, not two")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            raise OAuthFailure("invalid_client", "use HTTP Basic or client_secret_post", 401)
        try:
            client_id, _, secret = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise OAuthFailure("invalid_client", "malformed Basic credentials", 401) from exc
        return unquote(client_id), unquote(secret)
    if not form.get("client_id") or not form.get("client_secret"):
        raise OAuthFailure("invalid_client", "client authentication is required", 401)
    return form["client_id"], form["client_secret"]


async def _issue(request: Request, state: GatewayState) -> dict[str, Any]:
    form = _form(request, await request.body())
    grant = form.get("grant_type")
    if not grant:
        raise OAuthFailure("invalid_request", "grant_type is required")
    if grant != "client_credentials":
        raise OAuthFailure("unsupported_grant_type", "only client_credentials is supported")
    client_id, secret = _credentials(request, form)
    peer = request.client.host if request.client else "unknown"
    client = await _authenticate_client(state, client_id[:80], secret, peer)
    organisation = await state.registry.organisation(client.organisation_id)
    if organisation is None:
        raise OAuthFailure("invalid_client", "the client's organisation is not active", 401)
    allowed = set(client.scopes) & organisation.scopes
    requested = set(form["scope"].split()) if form.get("scope") else allowed
    if not requested or not requested <= allowed:
        raise OAuthFailure(
            "invalid_scope", "the requested scope exceeds what the client was granted"
        )
    token, ttl = state.tokens.issue(
        client_id=client.client_id,
        organisation_id=organisation.id,
        role=organisation.role,
        scopes=sorted(requested),
    )
    return TokenResponse(
        access_token=token, expires_in=ttl, scope=" ".join(sorted(requested))
    ).model_dump()


async def _authenticate_client(state: GatewayState, client_id: str, secret: str, peer: str) -> Any:
    """Return the client whose secret this is, within the address's and the pair's limits."""
    try:
        # Per address, so that guessing many ids cannot buy Argon2 work; per (client id,
        # address), so that one address cannot spend a client's allowance for everyone.
        await state.token_peer_limiter.check(peer)
        await state.token_limiter.check(f"{client_id}|{peer}")
        await state.lockout.check(client_id, peer)
    except Problem as exc:
        raise OAuthFailure("slow_down", "too many token requests", 429, _retry(exc)) from exc
    except Locked as exc:
        raise OAuthFailure("slow_down", "too many failed logins", 429, exc.retry_after) from exc
    client = await state.registry.client(client_id)
    try:
        matches = await state.secrets.verify(client.secret_hash if client else None, secret)
    except Saturated as exc:
        raise OAuthFailure(
            "temporarily_unavailable", "too many logins at once", 503, exc.retry_after
        ) from exc
    if client is None or not matches:
        await state.lockout.failed(client_id, peer)
        raise OAuthFailure("invalid_client", "unknown client or wrong secret", 401)
    await state.lockout.succeeded(client_id, peer)
    return client


def _retry(problem: Problem) -> int:
    return int(problem.headers.get("Retry-After", "1"))


@router.post(
    "/api/v1/oauth/token",
    summary="Get an access token (OAuth 2.0 client credentials)",
    description="Authenticate with HTTP Basic or client_id + client_secret in the form. The token is an "
    "EdDSA-signed JWT, valid for a few minutes; send it as `Authorization: Bearer <token>`.",
    response_model=TokenResponse,
    responses={
        400: {
            "model": OAuthError,
            "description": "invalid_request, unsupported_grant_type or invalid_scope",
        },
        401: {"model": OAuthError, "description": "invalid_client"},
        413: {"model": OAuthError, "description": "Request body too large"},
        429: {
            "model": OAuthError,
            "description": "Too many token requests or failed logins from this address",
        },
        503: {"model": OAuthError, "description": "Too many logins at once; see Retry-After"},
    },
    openapi_extra={
        "security": [],
        "requestBody": {
            "required": True,
            "content": {
                FORM: {
                    "schema": TOKEN_REQUEST_SCHEMA,
                    "example": {
                        "grant_type": "client_credentials",
                        "client_id": "tvc_3f2a9c0e1b7d4a6c8e0f1a2b",
                        "client_secret": "s3cr3t-shown-once",
                        "scope": "clients:read plans:read",
                    },
                }
            },
        },
    },
)
async def token(request: Request) -> JSONResponse:
    """Issue a short-lived access token for a registered client."""
    try:
        body = await _issue(request, get_state(request))
    except OAuthFailure as failure:
        return failure.response()
    return JSONResponse(body, headers=NO_STORE)


@router.get(
    "/.well-known/jwks.json",
    summary="Public keys that verify the gateway's tokens",
    openapi_extra={"security": []},
)
async def jwks(request: Request) -> dict[str, Any]:
    """Return the JWK Set of the token signing key."""
    return get_state(request).signing_key.jwks()


@router.get(
    "/.well-known/oauth-authorization-server",
    summary="Authorization server metadata (RFC 8414)",
    openapi_extra={"security": []},
)
async def metadata(request: Request) -> dict[str, Any]:
    """Return where the token endpoint and keys are, and what they support."""
    settings = get_state(request).settings
    # The Host header is the caller's to choose: links built from it could point anywhere.
    base = (settings.public_url or settings.token_issuer).rstrip("/")
    return {
        "issuer": settings.token_issuer,
        "token_endpoint": f"{base}/api/v1/oauth/token",
        "jwks_uri": f"{base}/.well-known/jwks.json",
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "token_endpoint_auth_signing_alg_values_supported": ["EdDSA"],
        "scopes_supported": ALL_SCOPES,
    }


@router.get(
    "/api/v1/me",
    response_model=CallerRead,
    summary="The organisation and scopes of the caller",
    responses=error_responses(statuses=(401, 429)),
)
async def me(caller: CallerDep) -> dict[str, Any]:
    """Return who the gateway takes the caller to be."""
    return CallerRead(
        organisation_id=caller.organisation_id,
        name=caller.organisation.name,
        role=caller.role,
        scopes=sorted(caller.scopes),
        via=caller.via,
    ).model_dump(mode="json")
