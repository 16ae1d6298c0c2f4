"""Client overview: every service's part fetched concurrently; a slow or stopped one is named, not fatal.

The client's owner is resolved first (fail closed: without it nobody can be authorised).
Each part then has its own scope, its own consent decision for a provider, its own
deadline, and its own entries in the access and disclosure logs.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request

from gateway.access import Ownership, owns
from gateway.audit import Grant, entries_for
from gateway.auth.caller import Caller, CallerDep
from gateway.catalog import OWNERS_AND_RECIPIENTS
from gateway.openapi_docs import error_responses
from gateway.schemas import ClientOverview
from gateway.state import GatewayState, get_state
from gateway.upstream import UpstreamError
from tukiverkko_common.clock import HELSINKI
from tukiverkko_common.problems import Problem

router = APIRouter(tags=["aggregates"])
PLAN_FIELDS = (
    "id",
    "status",
    "version",
    "valid_from",
    "valid_until",
    "next_review_on",
    "approved_at",
    "modified_at",
)
CONSENT_FIELDS = (
    "id",
    "purpose",
    "data_categories",
    "recipients",
    "valid_from",
    "valid_until",
    "status",
)


@dataclass(frozen=True)
class Part:
    """One piece of the overview: where it comes from and what it needs."""

    name: str
    upstream: str
    scope: str
    category: str
    fetch: Callable[[GatewayState, UUID, str], Awaitable[dict[str, Any]]]


class PartMissing(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def _get(
    state: GatewayState, upstream: str, path: str, params: dict | None = None, absent: Any = None
) -> Any:
    response = await state.upstreams.get(upstream).request("GET", path, params=params)
    if response.status_code == 404 and absent is not None:
        return absent
    if response.status_code != 200:
        raise PartMissing(
            "failing" if response.status_code >= 500 else f"status_{response.status_code}"
        )
    return response.json()


def _items(body: Any) -> list[dict[str, Any]]:
    return body.get("items", []) if isinstance(body, dict) else list(body)


async def _plans(state: GatewayState, client_id: UUID, month: str) -> dict[str, Any]:
    plans = _items(await _get(state, "plans", f"/api/v1/clients/{client_id}/plans"))
    return {"count": len(plans), "items": [{k: p[k] for k in PLAN_FIELDS if k in p} for p in plans]}


async def _realisation(state: GatewayState, client_id: UUID, month: str) -> dict[str, Any]:
    return await _get(state, "plans", f"/api/v1/clients/{client_id}/realisation", {"month": month})


async def _consents(state: GatewayState, client_id: UUID, month: str) -> dict[str, Any]:
    # A subject the consent service has not heard of yet has no consents.
    listed = await _get(state, "consent", f"/api/v1/subjects/{client_id}/consents", absent=[])
    consents = [c for c in _items(listed) if c.get("status", "active") == "active"]
    return {
        "active": len(consents),
        "items": [{k: c[k] for k in CONSENT_FIELDS if k in c} for c in consents],
    }


async def _network(state: GatewayState, client_id: UUID, month: str) -> dict[str, Any]:
    return {"items": _items(await _get(state, "network", f"/api/v1/clients/{client_id}/maps"))}


PARTS = [
    Part("plans", "plans", "plans:read", "plan", _plans),
    Part("realisation", "plans", "realisation:read", "service_delivery", _realisation),
    Part("consents", "consent", "consents:read", "consent", _consents),
    Part("network", "network", "network:read", "network_map", _network),
]
"""A client's parts (the resource file holds organisations' and volunteers' cards, no client)."""


async def _fetch(
    state: GatewayState, caller: Caller, owner: Ownership, part: Part, month: str
) -> tuple[Any, Grant]:
    if part.scope not in caller.scopes:
        raise PartMissing("not_permitted")
    if not state.upstreams.configured(part.upstream):
        raise PartMissing("not_configured")
    try:
        grant = await state.access.authorise(caller, owner, part.category)
    except Problem as exc:
        raise PartMissing("consent_required" if exc.status == 403 else "not_permitted") from exc
    try:
        async with asyncio.timeout(state.settings.overview_part_timeout_seconds):
            return await part.fetch(state, owner.client_id, month), grant
    except TimeoutError as exc:
        raise PartMissing("timeout") from exc
    except UpstreamError as exc:
        raise PartMissing(exc.reason) from exc


@router.get(
    "/api/v1/clients/{client_id}/overview",
    response_model=ClientOverview,
    summary="A client's plans, this month's realisation and active consents, in one answer",
    description="Parts are fetched concurrently with a deadline each. A part that is not available "
    "(service stopped, slow, not deployed, or not permitted for the caller) is null and named in "
    "`missing`; the answer is still 200. Each returned part is recorded in the access log (and for "
    "another organisation in the disclosure log) before the answer is sent.",
    responses=error_responses(statuses=(401, 403, 404, 422, 429, 503)),
)
async def client_overview(
    request: Request,
    caller: CallerDep,
    client_id: Annotated[UUID, Path(description="Id of the client")],
    month: Annotated[
        str | None,
        Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM, default this month"),
    ] = None,
) -> dict[str, Any]:
    """Gather the overview; return what arrived and name what did not."""
    state = get_state(request)
    if caller.role not in OWNERS_AND_RECIPIENTS:
        raise Problem(
            403, "role-not-allowed", "Forbidden", f"{caller.role} callers cannot read client data"
        )
    owner = await state.access.owner("client_id", client_id)
    await state.access.require_visible(caller, owner)
    month = month or datetime.now(HELSINKI).strftime("%Y-%m")
    results = await asyncio.gather(
        *(_fetch(state, caller, owner, p, month) for p in PARTS), return_exceptions=True
    )
    overview: dict[str, Any] = {"client_id": str(client_id), "month": month, "missing": []}
    entries = []
    for part, result in zip(PARTS, results, strict=True):
        if isinstance(result, PartMissing):
            overview[part.name] = None
            overview["missing"].append({"part": part.name, "reason": result.reason})
        elif isinstance(result, BaseException):
            raise result
        else:
            overview[part.name], grant = result
            entries += entries_for(
                grant,
                organisation_id=caller.organisation_id,
                user_id=caller.user_id,
                category=part.category,
                action="read",
            )
    if not entries and not owns(caller, owner):
        raise Problem(
            403, "consent-required", "Forbidden", "no part of the overview may be disclosed to you"
        )
    await state.audit.record(entries)
    return overview
