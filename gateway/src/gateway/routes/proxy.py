"""The unified API: each catalogued route is checked here, then forwarded to its service.

Per request: role and scope (403) → page-size cap (422) → every id in the path resolved
to its client (404) → the caller's right to that client (own region, or relation +
consent: 404/403; consent service down: 503) → the access and disclosure logs committed
(503 if they cannot be; for a read, while the service is being asked) → the data.
"""

import asyncio
import inspect
import re
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError

from gateway.access import Ownership, owns
from gateway.audit import Grant, entries_for
from gateway.auth.caller import Caller, CallerDep, authenticate
from gateway.catalog import PATH_KINDS, ProxyRoute
from gateway.client_lists import collection, create_client, region_aggregate
from gateway.forwarding import call_upstream, json_body, relay
from gateway.object_access import object_operation, person_operation
from gateway.openapi_docs import error_responses
from gateway.referral_disclosure import log_referral_sent, referral_grant
from gateway.state import GatewayState, get_state
from tukiverkko_common.problems import Problem, invalid, not_found

ORGANISATION_ANCHORS = frozenset({"object", "region_collection", "region_create"})
"""Anchors of organisations' objects (no client in them): `object_access.py` decides."""
PATH_PARAM = re.compile(r"{([a-z_]+)}")
_INT: TypeAdapter[int] = TypeAdapter(int)
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?$"
)


def path_params(path: str) -> list[str]:
    """Return the names of the path's parameters in order."""
    return PATH_PARAM.findall(path)


def unresolvable(route: ProxyRoute, kinds: Mapping[str, tuple[str, str]]) -> list[str]:
    """Return the route's ids (path parameters, or the field its anchor names) with no (service, kind)."""
    names = [p for p in path_params(route.path) if p not in route.plain_names]
    where, _, field = route.anchor.partition(":")
    if where in ("body", "query"):
        names.append(field)
    return [name for name in names if name not in kinds]


def build_router(
    routes: list[ProxyRoute], kinds: Mapping[str, tuple[str, str]] = PATH_KINDS
) -> APIRouter:
    """Return a router with one operation per catalogued route; refuse a route whose ids go unchecked."""
    router = APIRouter()
    for route in routes:
        unchecked = unresolvable(route, kinds)
        if unchecked:
            raise ValueError(
                f"{route.method} {route.path}: no ownership check for {', '.join(unchecked)}"
            )
        router.add_api_route(
            route.path,
            _endpoint(route),
            methods=[route.method],
            name=route.operation_id,
            operation_id=route.operation_id,
            summary=route.summary,
            description=route.describe(),
            tags=[route.upstream],
            responses=error_responses(route),
            openapi_extra={"x-upstream": route.upstream, "x-required-scope": route.scope},
            route_class_override=CatalogueRoute,
        )
    return router


class CatalogueRoute(APIRoute):
    """A catalogued operation: documented by FastAPI from its endpoint's signature, served lean.

    FastAPI's generic handler (dependency graph, parameter models, response models) cost
    more per proxied read than the gateway's own checks. These operations take exactly
    one dependency (the caller) and path parameters, and answer with the service's bytes,
    so the handler does just that, in FastAPI's order: authenticate (401 first), validate
    the path parameters against the same annotations the signature documents (422 with
    FastAPI's error shape), then check and forward.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return self.serve

    async def serve(self, request: Request) -> Response:
        """Answer one request for this operation (also called by the catalogue dispatcher)."""
        route: ProxyRoute = self.endpoint.catalogue_route  # type: ignore[attr-defined]
        adapters: dict[str, TypeAdapter] = self.endpoint.path_adapters  # type: ignore[attr-defined]
        caller = await authenticate(request)
        ids: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        for name, adapter in adapters.items():
            try:
                value = adapter.validate_python(request.path_params[name])
            except ValidationError as exc:
                errors.extend(
                    {**e, "loc": ("path", name, *e["loc"])} for e in exc.errors(include_url=False)
                )
                continue
            if name not in route.plain_names:
                ids[name] = value
        if errors:
            raise RequestValidationError(errors)
        return await forward(route, request, caller, ids)


def _endpoint(route: ProxyRoute) -> Callable[..., Awaitable[Response]]:
    plain = {name: (kind, pattern) for name, kind, pattern in route.plain}

    async def endpoint(request: Request, caller: Caller, **params: Any) -> Response:
        ids = {k: v for k, v in params.items() if k not in plain}
        return await forward(route, request, caller, ids)

    parameters = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("caller", inspect.Parameter.KEYWORD_ONLY, annotation=CallerDep),
    ]
    for name in path_params(route.path):
        if name in plain:
            kind, pattern = plain[name]
            constraint = Path(pattern=pattern) if pattern else Path(ge=1)
            annotation: Any = Annotated[kind, constraint]
        else:
            annotation = Annotated[UUID, Path(description=f"Id of the {name.removesuffix('_id')}")]
        parameters.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation)
        )
    endpoint.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    endpoint.__name__ = route.operation_id
    # What CatalogueRoute serves the operation with (the signature above is what FastAPI documents).
    endpoint.catalogue_route = route  # type: ignore[attr-defined]
    endpoint.path_adapters = {p.name: TypeAdapter(p.annotation) for p in parameters[2:]}  # type: ignore[attr-defined]
    return endpoint


async def forward(
    route: ProxyRoute, request: Request, caller: Caller, ids: dict[str, UUID]
) -> Response:
    """Check, log and forward one request."""
    state = get_state(request)
    persons_only = caller.role not in route.roles and caller.role in route.person_roles
    if caller.role not in route.roles and not persons_only:
        raise _role_not_allowed(caller)
    if route.scope is not None:
        caller.require(route.scope)
    for param, value, scope in route.query_scopes:
        if value in request.query_params.getlist(param):
            caller.require(scope)
    _check_query(request, state, route)
    body = await request.body()
    if route.anchor == "none":
        return relay(await call_upstream(route, request, state, body))
    if route.anchor == "collection":
        return await collection(route, request, caller, state, body)
    if route.anchor == "create_client":
        return await create_client(route, request, caller, state, body)
    if route.anchor == "region_aggregate":
        return await region_aggregate(route, request, caller, state, body)
    if route.anchor in ORGANISATION_ANCHORS:
        return await object_operation(route, request, caller, state, ids, body)
    answered = await person_operation(route, request, caller, state, ids, body)
    if answered is not None:
        return answered
    if persons_only:  # the ids name clients: the route is not this caller's for them
        raise _role_not_allowed(caller)
    owner = await (
        _resolve_path(state, ids)
        if route.anchor == "path"
        else _resolve_field(state, route, request, body)
    )
    if route.own_object and not owns(caller, owner):
        await _require_own_object(state, caller, route, ids)
    grant = await state.access.authorise(caller, owner, route.category)
    if route.producer_body_object and not grant.own:
        await _require_own_body_object(state, caller, route.producer_body_object, body)
    if route.discloses:
        disclosure = await referral_grant(state, owner, body)
        if disclosure is not None:
            await log_referral_sent(state, caller, *disclosure)
    return await _for_client(route, request, caller, state, grant, body)


def _role_not_allowed(caller: Caller) -> Problem:
    return Problem(
        403, "role-not-allowed", "Forbidden", f"{caller.role} callers cannot use this operation"
    )


def _check_query(request: Request, state: GatewayState, route: ProxyRoute) -> None:
    """Cap the page size; hold incremental sync to RFC 3339 timestamps (services also take numbers).

    An incremental sync of a region's lists (`modified_after` on a client collection) may ask
    for larger pages: an integrator resyncing thousands of clients pays per page, not per item.
    """
    since = request.query_params.get("modified_after")
    if since is not None and not RFC3339.match(since):
        raise invalid("modified_after", "must be an RFC 3339 date-time, e.g. 2026-03-01T00:00:00Z")
    limits = request.query_params.getlist("limit")
    if route.paged and len(limits) > 1:
        raise invalid("limit", "give it once")
    cap = state.settings.max_page_size
    if since is not None and route.anchor == "collection":
        cap = max(cap, state.settings.max_sync_page_size)
    if route.paged and limits and _as_service_int(limits[0]) > cap:
        raise invalid("limit", f"must be at most {cap}")


def _as_service_int(raw: str) -> int:
    """Read the number the way the service will ("+500", "5_00" and "500.0" are 500 to it)."""
    try:
        return _INT.validate_python(raw)
    except ValidationError:
        return 0  # not a number: the service answers 422 for it


async def _resolve_path(state: GatewayState, ids: dict[str, UUID]) -> Ownership:
    """Resolve every id; they must all belong to one client (no mixing another client's ids)."""
    owners = [await state.access.owner(name, value) for name, value in ids.items()]
    if len({o.client_id for o in owners}) != 1:
        raise not_found("object", "in the path")
    return owners[0]


async def _resolve_field(
    state: GatewayState, route: ProxyRoute, request: Request, body: bytes
) -> Ownership:
    where, _, field = route.anchor.partition(":")
    if where == "query":
        value = request.query_params.get(field)
    else:
        parsed = json_body(body)
        value = parsed.get(field) if isinstance(parsed, dict) else None
    try:
        client_id = UUID(str(value))
    except (ValueError, TypeError) as exc:
        raise invalid(field, "a client id (UUID) is required") from exc
    return await state.access.owner(field, client_id)


async def _require_own_object(
    state: GatewayState, caller: Caller, route: ProxyRoute, ids: dict[str, UUID]
) -> None:
    """A provider sees only the referrals sent to it and the services and visits it delivers."""
    kind = route.own_object or ""
    object_id = ids.get(f"{kind}_id")
    if (
        object_id is None
        or await state.access.object_organisation(f"{kind}_id", object_id) != caller.organisation_id
    ):
        raise not_found(kind, object_id)


async def _require_own_body_object(
    state: GatewayState, caller: Caller, field_kind: tuple[str, str], body: bytes
) -> None:
    """A producer records only its own work: the body must name an object the caller provides.

    The same 422 answers a missing id, an unknown id and another organisation's id, so the
    check reveals nothing about objects that are not the caller's.
    """
    field, kind = field_kind
    data = json_body(body)
    refusal = invalid(field, f"must be an agreed {kind} your organisation provides")
    try:
        object_id = UUID(str(data.get(field) if isinstance(data, dict) else None))
        provider = await state.access.object_organisation(field, object_id)
    except ValueError:
        raise refusal from None
    except Problem as exc:
        if exc.status != 404:
            raise
        raise refusal from None
    if provider != caller.organisation_id:
        raise refusal


async def _for_client(
    route: ProxyRoute,
    request: Request,
    caller: Caller,
    state: GatewayState,
    grant: Grant,
    body: bytes,
) -> Response:
    async def log() -> None:
        await state.audit.record(
            entries_for(
                grant,
                organisation_id=caller.organisation_id,
                user_id=caller.user_id,
                category=route.category,
                action=route.action,
            )
        )

    if not route.reads:
        await log()  # a change is logged before it is made
        return relay(await call_upstream(route, request, state, body))
    # A read is logged while the service answers (the object's owner is already known, so the
    # read almost always succeeds); its data leaves only once the log entry is committed.
    logged = asyncio.create_task(log())
    try:
        response = await call_upstream(route, request, state, body)
    finally:
        if not logged.done():
            await asyncio.wait({logged})
    logged.result()
    return relay(response)
