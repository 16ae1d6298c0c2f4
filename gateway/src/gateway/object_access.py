"""Organisations' objects: resource cards, districts, housing networks — no client in them.

Such an object answers the ownership lookup with `client_id` null, its `region`, the
organisation that owns it and the organisations taking part in it. Who may use it follows
from that alone:

- rule "region": any organisation of the object's region, and those taking part in it
  (a producer reads the region's resource file);
- rule "managers": the region's organiser (a wellbeing region organisation of that region),
  the owner, or an organisation taking part (a housing network's producers);
- a list ("region_collection") is narrowed by the service to the caller's region and the
  objects it takes part in (`AccessScope(regions, related_to)` in `x-access-scope`);
- a new object ("region_create") must name the caller's own region in its body.

An object the caller may not see answers 404 as if absent; one it may see but not change
answers 403. Objects about a client never pass here: their routes keep the client anchors.
"""

from typing import TYPE_CHECKING
from uuid import UUID

from fastapi import Request
from fastapi.responses import Response

from gateway.auth.caller import Caller
from gateway.forwarding import call_upstream, json_body, relay
from gateway.policy import OWNER_ROLES
from gateway.subject_disclosure import disclose_subjects
from tukiverkko_common.ownership import SCOPE_HEADER, AccessScope, OwnershipRead
from tukiverkko_common.problems import Problem, invalid, not_found

if TYPE_CHECKING:
    from gateway.catalog import ProxyRoute
    from gateway.state import GatewayState


def takes_part(caller: Caller, found: OwnershipRead) -> bool:
    """Whether the caller's organisation owns the object or takes part in it."""
    org = caller.organisation_id
    return org == found.owner_organisation_id or org in {str(o) for o in found.organisation_ids}


def in_region(caller: Caller, found: OwnershipRead) -> bool:
    """Whether the caller's organisation belongs to the object's region."""
    region = caller.organisation.region
    return region is not None and region == found.region


def manages(caller: Caller, found: OwnershipRead) -> bool:
    """The region's organiser, the owner, or an organisation taking part."""
    organiser = caller.role in OWNER_ROLES and in_region(caller, found)
    return organiser or takes_part(caller, found)


def object_scope(caller: Caller) -> AccessScope:
    """The scope a list of organisations' objects is narrowed to: own region, own involvement."""
    region = caller.organisation.region
    return AccessScope(regions=(region,) if region else (), related_to=UUID(caller.organisation_id))


async def check_objects(
    route: "ProxyRoute", caller: Caller, state: "GatewayState", ids: dict[str, UUID]
) -> None:
    """Raise 404 unless every path id names an object the caller may see; 403 unless it may
    also do what the rule asks."""
    for param, value in ids.items():
        found = await state.access.object(param, value)
        visible = found.client_id is None and (
            in_region(caller, found) or takes_part(caller, found)
        )
        if not visible:
            raise not_found("object", "in the path")
        if route.object_rule == "managers" and not manages(caller, found):
            raise Problem(
                403,
                "not-a-manager",
                "Forbidden",
                "only the region's organiser, the object's owner or an organisation taking part in "
                "it may do this",
            )


async def object_operation(
    route: "ProxyRoute",
    request: Request,
    caller: Caller,
    state: "GatewayState",
    ids: dict[str, UUID],
    body: bytes,
) -> Response:
    """Answer an operation on organisations' objects: check, then forward (no client, no log)."""
    if route.anchor == "object":
        await check_objects(route, caller, state, ids)
        if route.discloses:
            await disclose_subjects(caller, state, ids)
        upstream = await call_upstream(route, request, state, body)
        if not route.reads:  # a write may change who takes part (a coordinator, the producers)
            for param, value in ids.items():
                state.access.forget(param, value)
        return relay(upstream)
    if route.anchor == "region_create":
        _require_own_region(caller, body)
        return relay(await call_upstream(route, request, state, body))
    scope = {SCOPE_HEADER: object_scope(caller).header()}
    return relay(await call_upstream(route, request, state, body, extra_headers=scope))


async def person_operation(
    route: "ProxyRoute",
    request: Request,
    caller: Caller,
    state: "GatewayState",
    ids: dict[str, UUID],
    body: bytes,
) -> Response | None:
    """Answer a client-anchored operation whose ids name persons of the resource file instead.

    A consent (or a consent subject) may be about a person an organisation registered for
    the resource file rather than a client. Only the managers of that registration see it:
    the organisation that registered the person and the organiser of its region. Returns
    None when the ids name clients (the client rules apply), 404 when they mix the two.
    """
    found = [
        await state.access.object(param, value)
        for param, value in _anchor_ids(route, request, ids, body).items()
    ]
    persons = [f for f in found if f.client_id is None and f.subject_id is not None]
    if not persons:
        return None
    if len(persons) != len(found) or not all(manages(caller, p) for p in persons):
        raise not_found("object", "in the path")
    return relay(await call_upstream(route, request, state, body))


def _anchor_ids(
    route: "ProxyRoute", request: Request, ids: dict[str, UUID], body: bytes
) -> dict[str, UUID]:
    """The ids the route's client anchor names (an unreadable one is left to the client rules)."""
    where, _, field = route.anchor.partition(":")
    if where not in ("body", "query"):
        return ids
    data = json_body(body) if where == "body" else None
    value = request.query_params.get(field) if where == "query" else None
    if isinstance(data, dict):
        value = data.get(field)
    try:
        return {field: UUID(str(value))}
    except ValueError:
        return {}


def _require_own_region(caller: Caller, body: bytes) -> None:
    data = json_body(body)
    region = data.get("region") if isinstance(data, dict) else None
    own = caller.organisation.region
    if own is None:
        raise invalid("region", "your organisation belongs to no wellbeing region")
    if region != own:
        raise invalid("region", f"must be your organisation's own region ({own})")
