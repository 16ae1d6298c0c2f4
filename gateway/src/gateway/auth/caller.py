"""The authenticated caller: an organisation with a role and scopes, maybe a user, maybe via X-Road."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from gateway.auth.mtls import verified_common_name
from gateway.auth.tokens import InvalidToken
from gateway.registry import Organisation
from gateway.state import GatewayState, get_state
from tukiverkko_common import context
from tukiverkko_common.problems import Problem

XROAD_CLIENT = "x-road-client"
XROAD_USER = "x-road-userid"
MAX_USER_LENGTH = 200


@dataclass(frozen=True)
class Caller:
    """Who is calling, as far as every authorisation decision is concerned."""

    organisation: Organisation
    scopes: frozenset[str]
    principal: str
    """The API client id, the OIDC subject's pseudonym or the X-Road client: the rate-limit key."""
    user_id: str | None
    via: str

    @property
    def organisation_id(self) -> str:
        return self.organisation.id

    @property
    def role(self) -> str:
        return self.organisation.role

    def require(self, scope: str) -> None:
        """Raise 403 unless the caller holds the scope."""
        if scope not in self.scopes:
            raise Problem(
                403, "insufficient-scope", "Forbidden", f"this operation needs the scope {scope}"
            )


def unauthorized(detail: str) -> Problem:
    """Return a 401 problem with a Bearer challenge (the detail never says which check failed)."""
    problem = Problem(401, "unauthorized", "Unauthorized", detail)
    problem.headers["WWW-Authenticate"] = 'Bearer realm="tukiverkko", error="invalid_token"'
    return problem


async def authenticate(request: Request) -> Caller:
    """Resolve the caller from the bearer token and/or a verified X-Road certificate; rate-limit."""
    cached = getattr(request.state, "caller", None)
    if cached is not None:
        return cached
    state = get_state(request)
    caller = await _resolve(request, state)
    await state.limiter.check(caller.principal)
    context.actor_organisation.set(caller.organisation_id)
    context.actor_user.set(caller.user_id)
    request.state.caller = caller
    return caller


async def _resolve(request: Request, state: GatewayState) -> Caller:
    authorization = request.headers.get("authorization", "")
    xroad_client = request.headers.get(XROAD_CLIENT)
    xroad_user = request.headers.get(XROAD_USER)
    member_id = verified_common_name(request.scope)
    member = await state.registry.by_xroad_client(member_id) if member_id else None
    if member_id is not None and member is None:
        raise unauthorized("the client certificate names no registered X-Road member")
    if member_id is not None and xroad_client is not None and xroad_client != member_id:
        raise unauthorized("X-Road-Client does not match the client certificate")
    if authorization:
        caller = await _from_token(_bearer(authorization), state)
        claimed = member or (
            await state.registry.by_xroad_client(xroad_client) if xroad_client else None
        )
        if (member_id or xroad_client) and (
            claimed is None or claimed.id != caller.organisation_id
        ):
            raise unauthorized("X-Road-Client does not match the token's organisation")
        if claimed is not None and caller.user_id is None and xroad_user:
            caller = _with_user(caller, _xroad_user(state, xroad_user))
        return caller
    if member is not None:
        user = _xroad_user(state, xroad_user) if xroad_user else None
        return Caller(member, member.scopes, f"xroad:{member_id}", user, "x-road")
    # X-Road-Client without a verified certificate or a token is a header anyone can send.
    raise unauthorized("a Bearer token is required")


def _bearer(authorization: str) -> str:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("a Bearer token is required")
    return token.strip()


def _xroad_user(state: GatewayState, user: str) -> str:
    return state.pseudonyms.user("x-road", user[:MAX_USER_LENGTH])


def _with_user(caller: Caller, user_id: str) -> Caller:
    return Caller(caller.organisation, caller.scopes, caller.principal, user_id, caller.via)


async def _from_token(token: str, state: GatewayState) -> Caller:
    try:
        verified = await state.tokens.verify(token)
    except InvalidToken as exc:
        raise unauthorized("the token is not valid") from exc
    claims = verified.claims
    if verified.external:
        claim = claims.get(state.settings.oidc_organisation_claim)
        organisation = await state.registry.by_oidc_organisation(str(claim)) if claim else None
        if organisation is None:
            raise unauthorized("the token's organisation is not registered")
        granted = organisation.scopes
        if isinstance(claims.get("scope"), str):
            granted = granted & frozenset(claims["scope"].split())
        user = state.pseudonyms.user(state.settings.oidc_issuer or "oidc", str(claims["sub"]))
        return Caller(organisation, granted, f"oidc:{user}", user, "oidc")
    client = await state.registry.client(str(claims.get("client_id", "")))
    organisation = await state.registry.organisation(str(claims.get("org", "")))
    if client is None or organisation is None or client.organisation_id != organisation.id:
        raise unauthorized("the token's client is no longer registered")
    scopes = (
        frozenset(str(claims.get("scope", "")).split())
        & frozenset(client.scopes)
        & organisation.scopes
    )
    return Caller(organisation, scopes, client.client_id, None, "client_credentials")


CallerDep = Annotated[Caller, Depends(authenticate)]
