"""The unified API: each catalogued route is checked here, then forwarded to its service.

Per request: role and scope (403) → page-size cap (422) → every id in the path resolved
to its client and owner (404) → the caller's right to that client (own client, or
relation + consent: 404/403; consent service down: 503) → the access and disclosure
logs committed (503 if they cannot be) → the data.
"""

import inspect
import json
import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from gateway.access import OWNERSHIP_KINDS, Ownership, upstream_unavailable
from gateway.audit import Grant, entries_for
from gateway.auth.caller import Caller, CallerDep
from gateway.catalog import ProxyRoute
from gateway.openapi_docs import error_responses
from gateway.policy import OWNER_ROLES
from gateway.state import GatewayState, get_state
from gateway.upstream import UpstreamError
from tukiverkko_common.problems import Problem, invalid, not_found

PASSED_HEADERS = ("content-type", "location", "etag", "last-modified", "link")
PATH_PARAM = re.compile(r"{([a-z_]+)}")
RESOLVABLE = frozenset(OWNERSHIP_KINDS) | {"consent_id", "subject_id"}


def path_params(path: str) -> list[str]:
    """Return the names of the path's parameters in order."""
    return PATH_PARAM.findall(path)


def build_router(routes: list[ProxyRoute]) -> APIRouter:
    """Return a router with one operation per catalogued route; refuse a route whose ids go unchecked."""
    router = APIRouter()
    for route in routes:
        unchecked = [p for p in path_params(route.path) if p not in RESOLVABLE]
        if unchecked:
            raise ValueError(f"{route.method} {route.path}: no ownership check for {', '.join(unchecked)}")
        router.add_api_route(
            route.path,
            _endpoint(route),
            methods=[route.method],
            name=route.operation_id,
            operation_id=route.operation_id,
            summary=route.summary,
            description=route.describe(),
            tags=[route.tag],
            responses=error_responses(route),
            openapi_extra={"x-upstream": route.upstream, "x-required-scope": route.scope},
        )
    return router


def _endpoint(route: ProxyRoute) -> Callable[..., Awaitable[Response]]:
    async def endpoint(request: Request, caller: Caller, **ids: UUID) -> Response:
        return await forward(route, request, caller, ids)

    parameters = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("caller", inspect.Parameter.KEYWORD_ONLY, annotation=CallerDep),
    ] + [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[UUID, Path(description=f"Id of the {name.removesuffix('_id')}")],
        )
        for name in path_params(route.path)
    ]
    endpoint.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    endpoint.__name__ = route.operation_id
    return endpoint


async def forward(route: ProxyRoute, request: Request, caller: Caller, ids: dict[str, UUID]) -> Response:
    """Check, log and forward one request."""
    state = get_state(request)
    if caller.role not in route.roles:
        raise Problem(403, "role-not-allowed", "Forbidden", f"{caller.role} callers cannot use this operation")
    caller.require(route.scope)
    _check_page_size(request, state, route)
    body = await request.body()
    if route.anchor == "path":
        grant = await state.access.authorise(caller, await _resolve_path(state, ids), route.category)
        return await _for_client(route, request, caller, state, grant, body)
    if route.anchor.startswith(("body:", "query:")):
        owner = await _resolve_field(state, route, request, body)
        grant = await state.access.authorise(caller, owner, route.category)
        return await _for_client(route, request, caller, state, grant, body)
    return await _collection(route, request, caller, state, body)


def _check_page_size(request: Request, state: GatewayState, route: ProxyRoute) -> None:
    raw = request.query_params.get("limit")
    if route.paged and raw is not None and raw.isdigit() and int(raw) > state.settings.max_page_size:
        raise invalid("limit", f"must be at most {state.settings.max_page_size}")


async def _resolve_path(state: GatewayState, ids: dict[str, UUID]) -> Ownership:
    """Resolve every id; they must all belong to one client (no mixing another client's ids)."""
    owners = [await _owner_of(state, name, value) for name, value in ids.items()]
    if len({o.client_id for o in owners}) != 1:
        raise not_found("object", "in the path")
    return owners[0]


async def _owner_of(state: GatewayState, name: str, value: UUID | str) -> Ownership:
    if name == "consent_id":
        return await state.access.consent_subject(UUID(str(value)))
    return await state.access.owner(OWNERSHIP_KINDS.get(name, "client"), value)


async def _resolve_field(state: GatewayState, route: ProxyRoute, request: Request, body: bytes) -> Ownership:
    where, _, field = route.anchor.partition(":")
    if where == "query":
        value = request.query_params.get(field)
    else:
        value = _json_or_none(body)
        value = value.get(field) if isinstance(value, dict) else None
    try:
        return await _owner_of(state, field, UUID(str(value)))
    except (ValueError, TypeError) as exc:
        raise invalid(field, "a client id (UUID) is required") from exc


async def _for_client(
    route: ProxyRoute, request: Request, caller: Caller, state: GatewayState, grant: Grant, body: bytes
) -> Response:
    entries = entries_for(grant, organisation_id=caller.organisation_id, user_id=caller.user_id,
                          category=route.category, action=route.action)
    if not route.reads:
        await state.audit.record(entries)  # a change is logged before it is made
    response = await _send(route, request, state, body)
    if route.reads and 200 <= response.status_code < 300:
        await state.audit.record(entries)  # ...a read before its data leaves the gateway
    return response


async def _collection(route: ProxyRoute, request: Request, caller: Caller, state: GatewayState, body: bytes) -> Response:
    """Lists across clients (filtered to what the caller may see) and client creation."""
    upstream = await _call(route, request, state, body)
    if not 200 <= upstream.status_code < 300 or route.items_field is None:
        return _relay(upstream)
    payload = upstream.json()
    if route.method == "POST":
        if caller.role not in OWNER_ROLES:
            raise not_found("object", "in the path")
        grant = Grant(UUID(str(payload[route.items_field])), caller.organisation_id, own=True)
        await state.audit.record(entries_for(grant, organisation_id=caller.organisation_id,
                                             user_id=caller.user_id, category=route.category, action="create"))
        return _relay(upstream)
    items = payload.get("items", []) if isinstance(payload, dict) else payload
    visible, entries = [], []
    for item in items:
        try:
            owner = await state.access.owner("client", item[route.items_field])
            grant = await state.access.authorise(caller, owner, route.category)
        except Problem as exc:
            if exc.status in (403, 404):
                continue
            raise
        visible.append(item)
        entries += entries_for(grant, organisation_id=caller.organisation_id, user_id=caller.user_id,
                               category=route.category, action="list")
    await state.audit.record(entries)
    if isinstance(payload, dict):
        payload = dict(payload, items=visible)
    else:
        payload = visible
    return _json(payload, upstream.status_code)


async def _send(route: ProxyRoute, request: Request, state: GatewayState, body: bytes) -> Response:
    return _relay(await _call(route, request, state, body))


async def _call(route: ProxyRoute, request: Request, state: GatewayState, body: bytes) -> Any:
    path = request.url.path
    if request.url.query:
        path = f"{path}?{request.url.query}"
    headers = {"content-type": request.headers["content-type"]} if "content-type" in request.headers else None
    try:
        response = await state.upstreams.get(route.upstream).request(
            route.method, path, content=body or None, headers=headers
        )
    except UpstreamError as exc:
        raise upstream_unavailable(exc, "the request") from exc
    if response.status_code in (503, 504):
        raise upstream_unavailable(UpstreamError(route.upstream, "unavailable"), "the request")
    if response.status_code >= 500:
        raise Problem(502, "upstream-error", "Bad gateway", f"the {route.upstream} service failed",
                      upstream=route.upstream)
    return response


def _relay(upstream: Any) -> Response:
    headers = {k: upstream.headers[k] for k in PASSED_HEADERS if k in upstream.headers and k != "content-type"}
    return Response(upstream.content, status_code=upstream.status_code, headers=headers,
                    media_type=upstream.headers.get("content-type"))


def _json(payload: Any, status: int) -> Response:
    return Response(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode(), status_code=status,
                    media_type="application/json")


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body or b"null")
    except ValueError:
        return None
