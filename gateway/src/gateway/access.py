"""Object-level authorisation: whose client is this, and may this caller see it?

Every id in a path is resolved through the ownership endpoint of the service that owns
its kind (the catalogue's `PATH_KINDS`: path parameter → (service, kind)), and the
client to its wellbeing region and municipality. The region's organisation (the organiser)
sees its region's clients as its own use; a producer (company, NGO, parish, joint authority
or municipality) needs an active service or referral with the client AND a basis for the
disclosure: the client's consent, or for a referral's own data the legal basis recorded on
the referral (purchase contract, service voucher); anyone else gets 404 (existence is not
revealed). When a service that a decision depends on
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
from gateway.policy import (
    OWNER_ROLES,
    RECIPIENT_ROLES,
    REFERRAL_LEGAL_BASES,
    REFERRAL_PURPOSE,
    disclosure_purpose,
)
from gateway.registry import Registry
from gateway.upstream import UpstreamError, Upstreams
from tukiverkko_common.ownership import (
    OWNERSHIP_BATCH_MAX,
    OWNERSHIP_BATCH_PATH,
    OWNERSHIP_PATH,
    AccessScope,
    OwnershipRead,
)
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
    """Return whether the caller organises the client: its region's organisation (or the one that
    registered it). A municipality never owns a client, not even a resident: it is a producer."""
    org = caller.organisation
    if caller.role not in OWNER_ROLES:
        return False
    return owner.owner_organisation_id == org.id or org.region == owner.region


def list_scope(caller: Caller) -> AccessScope:
    """Return the clients a caller's lists may hold, for the services to filter by (mirrors `owns`
    and the relation check; consent permits are still checked per client at the gateway)."""
    org = caller.organisation
    if caller.role in OWNER_ROLES:
        return AccessScope(regions=(org.region,) if org.region else (), registered_by=org.id)
    if caller.role in RECIPIENT_ROLES:  # a municipality too: its residents are no relation
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

    def drop(self, key: Any) -> None:
        self._items.pop(key, None)


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

    async def owners(self, param: str, object_ids: list[str]) -> dict[str, Ownership]:
        """Return the owner of each id `param` names that exists and has an area: a list page's
        clients in one lookup (cached ones not asked again); the others are left out."""
        service, kind = self._kinds[param]
        records: dict[str, OwnershipRead] = {}
        missing: list[str] = []
        for ident in dict.fromkeys(object_ids):
            found = self._objects.get((service, kind, ident))
            if found is not None:
                records[ident] = found
            elif _is_uuid(ident):
                missing.append(ident)
        for start in range(0, len(missing), OWNERSHIP_BATCH_MAX):
            body = {"ids": missing[start : start + OWNERSHIP_BATCH_MAX]}
            answer = await self._post(service, OWNERSHIP_BATCH_PATH.format(kind=kind), body, kind)
            for item in answer.get("items", []):
                found = OwnershipRead.model_validate(item)
                self._objects.put((service, kind, str(found.id)), found)
                records[str(found.id)] = found
        return {
            ident: Ownership(r.client_id, r.region, r.municipality, r.owner_organisation_id)
            for ident, r in records.items()
            if r.client_id is not None and r.region is not None and r.municipality is not None
        }

    def forget(self, param: str, object_id: UUID | str) -> None:
        """Drop an object's cached ownership (a write may change who takes part in it)."""
        service, kind = self._kinds.get(param, ("", ""))
        self._objects.drop((service, kind, str(object_id)))

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

    async def require_visible(self, caller: Caller, owner: Ownership) -> list[dict[str, Any]]:
        """Raise 404 unless the caller owns the client or has an active relation with it (no consent
        check); return the caller's active relations (none for the owner)."""
        if owns(caller, owner):
            return []
        relations = (
            await self._relations(caller, owner.client_id) if caller.role in RECIPIENT_ROLES else []
        )
        if not relations:
            raise not_found("object", "in the path")
        return relations

    async def authorise(self, caller: Caller, owner: Ownership, category: str) -> Grant:
        """Return why the caller may use this client's data, or raise 404/403/503."""
        if owns(caller, owner):
            return Grant(owner.client_id, caller.organisation_id, own=True)
        relations = await self.require_visible(caller, owner)
        legal = _referral_legal_basis(relations)
        if category == "service_delivery" and legal is not None:
            return Grant(
                owner.client_id,
                await self.owner_organisation(owner),
                False,
                REFERRAL_PURPOSE,
                legal,
            )
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

    async def _relations(self, caller: Caller, client_id: UUID) -> list[dict[str, Any]]:
        relations = await self._get(
            "plans", f"/api/v1/clients/{client_id}/organisations", "relation"
        )
        items = relations.get("items", []) if isinstance(relations, dict) else relations
        return [
            r
            for r in items
            if str(r.get("organisation_id")) == caller.organisation_id and r.get("active")
        ]

    async def decide(
        self, recipient: str, client_id: UUID, category: str, purpose: str
    ) -> list[UUID] | None:
        """Return the consents permitting this disclosure to `recipient`, or None when none does."""
        body = {
            "subject_id": str(client_id),
            "recipient": recipient,
            "data_category": category,
            "purpose": purpose,
        }
        decision = await self._post_decision(body)
        if decision.get("decision") != "permit":
            return None
        return [UUID(str(c)) for c in decision.get("consent_ids") or []]

    async def _decide(
        self, caller: Caller, client_id: UUID, category: str, purpose: str
    ) -> dict[str, Any]:
        body = {
            "subject_id": str(client_id),
            "recipient": caller.organisation_id,
            "data_category": category,
            "purpose": purpose,
        }
        return await self._post_decision(body)

    async def _post_decision(self, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = await self._post("consent", "/api/v1/decisions", body, "consent")
        return answer

    async def _post(self, upstream: str, path: str, body: dict[str, Any], what: str) -> Any:
        try:
            response = await self._upstreams.get(upstream).request(
                "POST", path, json=body, idempotent=True
            )
        except UpstreamError as exc:
            raise upstream_unavailable(exc, what) from exc
        if response.status_code != 200:
            raise upstream_unavailable(UpstreamError(upstream, "failing"), what)
        return response.json()

    async def _get(self, upstream: str, path: str, what: str) -> Any:
        try:
            response = await self._upstreams.get(upstream).request("GET", path)
        except UpstreamError as exc:
            raise upstream_unavailable(exc, what) from exc
        if response.status_code in (404, 422):
            # The same words as for an object the caller may not see: no kind named, no oracle.
            raise not_found("object", "in the path")
        if response.status_code != 200:
            raise upstream_unavailable(UpstreamError(upstream, "failing"), what)
        return response.json()


def _is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


def _referral_legal_basis(relations: list[dict[str, Any]]) -> str | None:
    """Return the legal basis of an active referral to the caller that needs no consent, if any."""
    for relation in relations:
        basis = relation.get("basis")
        if relation.get("relation") == "referral" and basis not in (None, "consent", "unrecorded"):
            return REFERRAL_LEGAL_BASES.get(str(basis))
    return None
