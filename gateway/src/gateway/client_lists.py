"""Operations that span clients: scoped lists, client registration, the region's month.

A list is narrowed by the service itself: the gateway sends the caller's scope
(`x-access-scope`, honoured with the internal credential only) and the service filters
its query by it, so a page holds only clients the caller may see and its cursor never
names anyone else's object. Each item is still checked here (a provider's consent
permits live in the consent service, not in the listing service's query): the page's
clients with one batched ownership lookup, so a sync of thousands costs a call a page, not
a call a client. Every returned client gets its access-log entry, committed for the whole
page at once, before the list leaves the gateway.
"""

from typing import TYPE_CHECKING, Any
from uuid import UUID

from fastapi import Request
from fastapi.responses import Response

from gateway.access import list_scope, owns
from gateway.aggregates import month_totals, suppressed
from gateway.audit import AuditEntry, Grant, entries_for
from gateway.auth.caller import Caller
from gateway.forwarding import call_upstream, json_body, json_response, relay
from gateway.policy import RECIPIENT_ROLES
from tukiverkko_common.ownership import SCOPE_HEADER
from tukiverkko_common.problems import Problem, invalid

if TYPE_CHECKING:
    from gateway.catalog import ProxyRoute
    from gateway.state import GatewayState

MAX_REFILLS = 8
"""Further service pages fetched to fill a page whose items lacked a consent permit."""


async def collection(
    route: "ProxyRoute", request: Request, caller: Caller, state: "GatewayState", body: bytes
) -> Response:
    """Forward a list with the caller's scope, keep what the caller may see, log each client."""
    params = dict(request.query_params)
    if route.recipient_filter and caller.role in RECIPIENT_ROLES:
        params[route.recipient_filter] = caller.organisation_id
    scope = {SCOPE_HEADER: list_scope(caller).header()}
    upstream = await call_upstream(route, request, state, body, params=params, extra_headers=scope)
    if not 200 <= upstream.status_code < 300:
        return relay(upstream)
    payload = upstream.json()
    if not isinstance(payload, dict):
        visible, entries = await _visible(route, caller, state, payload)
        await state.audit.record(entries)
        return json_response(visible, upstream.status_code)
    page = await _fill(route, request, caller, state, params, scope, payload)
    return json_response(page, upstream.status_code)


async def _fill(
    route: "ProxyRoute",
    request: Request,
    caller: Caller,
    state: "GatewayState",
    params: dict[str, str],
    scope: dict[str, str],
    payload: dict[str, Any],
) -> dict[str, Any]:
    """Return the page; while items were held back and more exist, ask for just the shortfall.

    Asking for exactly the missing number means a filled page ends on an item the caller
    got, so the service's cursor names only that item.
    """
    items: list[dict[str, Any]] = payload.get("items", [])
    wanted = int(params["limit"]) if params.get("limit", "").isdigit() else len(items)
    visible, entries = await _visible(route, caller, state, items)
    for _ in range(MAX_REFILLS):
        if len(visible) >= wanted or not payload.get("next_cursor"):
            break
        more = dict(params, cursor=payload["next_cursor"], limit=str(wanted - len(visible)))
        upstream = await call_upstream(route, request, state, b"", params=more, extra_headers=scope)
        if upstream.status_code != 200:
            raise Problem(502, "upstream-error", "Bad gateway", "a list's next page failed")
        payload = upstream.json()
        found, logged = await _visible(route, caller, state, payload.get("items", []))
        visible, entries = visible + found, entries + logged
    await state.audit.record(entries)
    return dict(payload, items=visible)


async def _visible(
    route: "ProxyRoute", caller: Caller, state: "GatewayState", items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[AuditEntry]]:
    visible: list[dict[str, Any]] = []
    entries: list[AuditEntry] = []
    clients = [str(item.get(route.items_field or "client_id")) for item in items]
    grants = await _grants(route, caller, state, clients)
    for item, client in zip(items, clients, strict=True):
        grant = grants.get(client)
        if grant is None:
            continue
        visible.append(item)
        entries += entries_for(
            grant,
            organisation_id=caller.organisation_id,
            user_id=caller.user_id,
            category=route.category,
            action="list",
        )
    return visible, entries


async def _grants(
    route: "ProxyRoute", caller: Caller, state: "GatewayState", clients: list[str]
) -> dict[str, Grant]:
    """Return a grant for each client of the page the caller may see (the rest are left out).

    The page's owners come in one lookup; the client's organiser needs nothing more, while a
    producer's relation and consent are still asked per client.
    """
    owners = await state.access.owners("client_id", clients)
    grants: dict[str, Grant] = {}
    for client, owner in owners.items():
        if owns(caller, owner):
            grants[client] = Grant(owner.client_id, caller.organisation_id, own=True)
            continue
        try:
            grants[client] = await state.access.authorise(caller, owner, route.category)
        except Problem as exc:
            if exc.status not in (403, 404):
                raise
    return grants


async def create_client(
    route: "ProxyRoute", request: Request, caller: Caller, state: "GatewayState", body: bytes
) -> Response:
    """Register a client in the caller's own region (or municipality); log the creation."""
    data = json_body(body)
    if isinstance(data, dict):
        org = caller.organisation
        if caller.role == "wellbeing_region" and data.get("region") not in (None, org.region):
            raise invalid("region", f"must be your own region ({org.region})")
        if caller.role == "municipality" and data.get("municipality") not in (
            None,
            org.municipality,
        ):
            raise invalid("municipality", f"must be your own municipality ({org.municipality})")
    upstream = await call_upstream(route, request, state, body)
    if upstream.status_code == 201:
        created = upstream.json()
        grant = Grant(
            UUID(str(created[route.items_field or "id"])), caller.organisation_id, own=True
        )
        await state.audit.record(
            entries_for(
                grant,
                organisation_id=caller.organisation_id,
                user_id=caller.user_id,
                category=route.category,
                action="create",
            )
        )
    return relay(upstream)


async def region_aggregate(
    route: "ProxyRoute", request: Request, caller: Caller, state: "GatewayState", body: bytes
) -> Response:
    """The region's month limited to the caller's region; dashboards get totals without client rows."""
    region = caller.organisation.region
    if region is None and caller.role != "municipality":
        raise Problem(403, "no-area", "Forbidden", "the organisation has no region registered")
    upstream = await call_upstream(route, request, state, body)
    if upstream.status_code != 200:
        return relay(upstream)
    payload = upstream.json()
    rows, entries = [], []
    field = route.items_field or "client_id"
    owners = await state.access.owners(
        "client_id", [str(r[field]) for r in payload.get("items", [])]
    )
    for row in payload.get("items", []):
        owner = owners.get(str(row[field]))
        if owner is None:  # not known to the ownership answer: left out, never shown
            continue
        if owns(caller, owner) or (caller.role == "dashboard" and owner.region == region):
            rows.append(row)
            if caller.role != "dashboard":
                grant = Grant(owner.client_id, caller.organisation_id, own=True)
                entries += entries_for(
                    grant,
                    organisation_id=caller.organisation_id,
                    user_id=caller.user_id,
                    category=route.category,
                    action="list",
                )
    await state.audit.record(entries)
    totals = month_totals(rows)
    if caller.role == "dashboard":
        totals = suppressed(totals)
    items = [] if caller.role == "dashboard" else rows
    return json_response(dict(payload, **totals, items=items), 200)
