"""Object-level authorisation: whose client is this, and may this caller see it?

Every id in a path is resolved through the ownership endpoint of the service that owns
its kind (the catalogue's `PATH_KINDS`: path parameter → (service, kind)), and the
client to its wellbeing region and municipality. A region's organisation sees its
region's clients and a municipality its residents; a provider or NGO needs an active
service or referral with the client AND a consent permit for the disclosure; anyone
else gets 404 (existence is not revealed). When a service that a decision depends on
cannot answer, the request is refused (fail closed).
"""

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from gateway.audit import Grant
from gateway.auth.caller import Caller
from gateway.catalog import CLIENT_PARAM, PATH_KINDS
from gateway.policy import RECIPIENT_ROLES, disclosure_purpose
from gateway.registry import Registry
from gateway.upstream import UpstreamError, Upstreams
from tukiverkko_common.ownership import OWNERSHIP_PATH, AccessScope, OwnershipRead
from tukiverkko_common.problems import Problem, not_found

REGION_NAMESPACE = uuid.UUID("6f1c2f4e-2b9a-4d0e-9a51-7c3e0d2b8a10")


@dataclass(frozen=True)
class Ownership:
    """The client an object belongs to, where the client lives, and who registered the client."""

    client_id: UUID
    region: str
    municipality: str
    owner_organisation_id: str | None = None


REASONS = {
    "timeout": "did not answer in time",
    "unavailable": "is unreachable",
    "circuit_open": "is failing (circuit open)",
    "not_configured": "is not deployed",
    "failing": "is failing",
}
"""Why a service could not answer, as the end of "the <name> service ..."."""


def upstream_unavailable(exc: UpstreamError, what: str) -> Problem:
    """Return the 503 a request gets when a service it depends on cannot answer."""
    problem = Problem(
        503,
        "upstream-unavailable",
        "Service unavailable",
        f"{what} could not be completed: the {exc.upstream} service {REASONS.get(exc.reason, exc.reason)}",
        upstream=exc.upstream,
        reason=exc.reason,
    )
    problem.headers["Retry-After"] = "5"
    return problem


def owns(caller: Caller, owner: Ownership) -> bool:
    """Return whether the caller registered the client, or is its region (or home municipality)."""
    org = caller.organisation
    if (
        caller.role in ("wellbeing_region", "municipality")
        and owner.owner_organisation_id == org.id
    ):
        return True
    if caller.role == "wellbeing_region":
        return org.region == owner.region
    if caller.role == "municipality":
        return org.municipality == owner.municipality
    return False


def list_scope(caller: Caller) -> AccessScope:
    """Return the clients a caller's lists may hold, for the services to filter by (mirrors `owns`
    and the relation check; consent permits are still checked per client at the gateway)."""
    org = caller.organisation
    if caller.role == "wellbeing_region":
        return AccessScope(regions=(org.region,) if org.region else (), registered_by=org.id)
    if caller.role == "municipality":
        areas = (org.municipality,) if org.municipality else ()
        return AccessScope(municipalities=areas, registered_by=org.id)
    if caller.role in RECIPIENT_ROLES:
        return AccessScope(related_to=UUID(org.id))
    return AccessScope()


class _TtlCache:
    def __init__(self, ttl: float, size: int = 100_000) -> None:
        self._ttl, self._size = ttl, size
        self._items: dict[Any, tuple[float, Any]] = {}

    def get(self, key: Any) -> Any:
        hit = self._items.get(key)
        return hit[1] if hit is not None and hit[0] > time.monotonic() else None

    def put(self, key: Any, value: Any) -> None:
        if len(self._items) >= self._size:
            self._items.clear()
        self._items[key] = (time.monotonic() + self._ttl, value)


class AccessResolver:
    """Ownership lookups (cached: ownership rarely moves) and per-request access decisions (never cached).

    Generic over services: a path parameter names a (service, kind) in `kinds`, and the
    service answers `GET /api/v1/ownership/{kind}/{id}` (tukiverkko_common.ownership).
    """

    def __init__(
        self,
        upstreams: Upstreams,
        registry: Registry,
        ownership_ttl: float,
        kinds: Mapping[str, tuple[str, str]] = PATH_KINDS,
    ) -> None:
        self._upstreams = upstreams
        self._registry = registry
        self._kinds = kinds
        self._objects = _TtlCache(ownership_ttl)

    async def owner(self, param: str, object_id: UUID | str) -> Ownership:
        """Return the client of the object `param` names, its area and registering organisation (404/503)."""
        found = await self.object(param, object_id)
        if found.client_id is None:
            # An organisation's own object (a resource card): no client policy applies yet.
            raise not_found("object", "in the path")
        if found.region is None or found.municipality is None:
            client = await self.object(CLIENT_PARAM, found.client_id)
            region, municipality = client.region, client.municipality
            registered_by = client.owner_organisation_id
        else:
            region, municipality = found.region, found.municipality
            registered_by = found.owner_organisation_id
        if region is None or municipality is None:
            raise not_found("object", "in the path")
        return Ownership(found.client_id, region, municipality, registered_by)

    async def object_organisation(self, param: str, object_id: UUID | str) -> str | None:
        """Return the organisation an object is addressed to (a referral's receiver, a service's provider)."""
        found = await self.object(param, object_id)
        return str(found.organisation_id) if found.organisation_id else None

    async def object(self, param: str, object_id: UUID | str) -> OwnershipRead:
        """Return the ownership record of the object `param` names, as its service answers it."""
        try:
            service, kind = self._kinds[param]
        except KeyError:
            raise LookupError(f"no ownership kind for the path parameter {param}") from None
        key = (service, kind, str(object_id))
        found = self._objects.get(key)
        if found is None:
            path = OWNERSHIP_PATH.format(kind=kind, ident=object_id)
            found = OwnershipRead.model_validate(await self._get(service, path, kind))
            self._objects.put(key, found)
        return found

    async def owner_organisation(self, owner: Ownership) -> str:
        """Return the id of the organisation that discloses: the client's registering organisation, else the
        region's organisation (a stable stand-in id when the region has none registered)."""
        if owner.owner_organisation_id:
            try:
                return str(UUID(owner.owner_organisation_id))
            except ValueError:
                pass
        org = await self._registry.region_organisation(owner.region)
        return org.id if org is not None else str(uuid.uuid5(REGION_NAMESPACE, owner.region))

    async def require_visible(self, caller: Caller, owner: Ownership) -> None:
        """Raise 404 unless the caller owns the client or has an active relation with it (no consent check)."""
        if owns(caller, owner):
            return
        if caller.role not in RECIPIENT_ROLES or not await self._related(caller, owner.client_id):
            raise not_found("object", "in the path")

    async def authorise(self, caller: Caller, owner: Ownership, category: str) -> Grant:
        """Return why the caller may use this client's data, or raise 404/403/503."""
        if owns(caller, owner):
            return Grant(owner.client_id, caller.organisation_id, own=True)
        await self.require_visible(caller, owner)
        purpose = disclosure_purpose(category)
        decision = await self._decide(caller, owner.client_id, category, purpose)
        if decision.get("decision") != "permit":
            raise Problem(
                403,
                "consent-required",
                "Forbidden",
                f"the client has not consented to disclosing {category} data to your organisation for {purpose}",
                purpose=purpose,
                data_category=category,
            )
        consent_ids = [UUID(str(c)) for c in decision.get("consent_ids") or []]
        return Grant.disclosure(
            owner.client_id, await self.owner_organisation(owner), purpose, consent_ids
        )

    async def _related(self, caller: Caller, client_id: UUID) -> bool:
        relations = await self._get(
            "plans", f"/api/v1/clients/{client_id}/organisations", "relation"
        )
        items = relations.get("items", []) if isinstance(relations, dict) else relations
        return any(
            str(r.get("organisation_id")) == caller.organisation_id and r.get("active")
            for r in items
        )

    async def _decide(
        self, caller: Caller, client_id: UUID, category: str, purpose: str
    ) -> dict[str, Any]:
        body = {
            "subject_id": str(client_id),
            "recipient": caller.organisation_id,
            "data_category": category,
            "purpose": purpose,
        }
        try:
            response = await self._upstreams.get("consent").request(
                "POST", "/api/v1/decisions", json=body, idempotent=True
            )
        except UpstreamError as exc:
            raise upstream_unavailable(exc, "consent") from exc
        if response.status_code != 200:
            raise upstream_unavailable(UpstreamError("consent", "failing"), "consent")
        return response.json()

    async def _get(self, upstream: str, path: str, what: str) -> Any:
        try:
            response = await self._upstreams.get(upstream).request("GET", path)
        except UpstreamError as exc:
            raise upstream_unavailable(exc, what) from exc
        if response.status_code in (404, 422):
            raise not_found(what, "in the path")
        if response.status_code != 200:
            raise upstream_unavailable(UpstreamError(upstream, "failing"), what)
        return response.json()
