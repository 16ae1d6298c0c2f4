"""Object-level authorisation: whose client is this, and may this caller see it?

Every id in a path is resolved to its client through plans' ownership endpoint, and the
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
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from gateway.audit import Grant
from gateway.auth.caller import Caller
from gateway.policy import (
    OWNER_ROLES,
    RECIPIENT_ROLES,
    REFERRAL_LEGAL_BASES,
    REFERRAL_PURPOSE,
    disclosure_purpose,
)
from gateway.registry import Registry
from gateway.upstream import UpstreamError, Upstreams
from tukiverkko_common.problems import Problem, not_found

OWNERSHIP_KINDS = {
    "client_id": "client",
    "plan_id": "plan",
    "goal_id": "goal",
    "service_id": "service",
    "visit_id": "visit",
    "referral_id": "referral",
    "observation_id": "observation",
    "task_id": "task",
    "phase_id": "phase",
}
"""Path parameter name → plans ownership kind."""
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
    "unavailable": "unreachable",
    "circuit_open": "failing (circuit open)",
    "not_configured": "not deployed",
    "failing": "failing",
}


def upstream_unavailable(exc: UpstreamError, what: str) -> Problem:
    """Return the 503 a request gets when a service it depends on cannot answer."""
    problem = Problem(
        503,
        "upstream-unavailable",
        "Service unavailable",
        f"{what} could not be completed: the {exc.upstream} service is {REASONS.get(exc.reason, exc.reason)}",
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
    """Ownership lookups (cached: ownership rarely moves) and per-request access decisions (never cached)."""

    def __init__(self, upstreams: Upstreams, registry: Registry, ownership_ttl: float) -> None:
        self._upstreams = upstreams
        self._registry = registry
        self._clients = _TtlCache(ownership_ttl)
        self._objects = _TtlCache(ownership_ttl)

    async def owner(self, kind: str, object_id: UUID | str) -> Ownership:
        """Return the client of an object, its area and its registering organisation, or raise 404/503."""
        client_id, _, owner_organisation = await self._object(kind, object_id)
        found = self._clients.get(client_id)
        if found is None:
            body = await self._get("plans", f"/api/v1/clients/{client_id}", "client")
            found = Ownership(
                UUID(client_id), str(body["region"]), str(body["municipality"]), owner_organisation
            )
            self._clients.put(client_id, found)
        return found

    async def object_organisation(self, kind: str, object_id: UUID | str) -> str | None:
        """Return the organisation a referral is sent to, or that provides a service or visit."""
        return (await self._object(kind, object_id))[1]

    async def _object(self, kind: str, object_id: UUID | str) -> tuple[str, str | None, str | None]:
        found = self._objects.get((kind, str(object_id)))
        if found is None:
            body = await self._get("plans", f"/api/v1/ownership/{kind}/{object_id}", kind)
            organisation, owner = body.get("organisation_id"), body.get("owner_organisation_id")
            found = (
                str(body["client_id"]),
                str(organisation) if organisation else None,
                str(owner) if owner else None,
            )
            self._objects.put((kind, str(object_id)), found)
        return found

    async def consent_subject(self, consent_id: UUID) -> Ownership:
        """Return the ownership of the client a consent is about."""
        body = await self._get("consent", f"/api/v1/consents/{consent_id}", "consent")
        return await self.owner("client", body["subject_id"])

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


def _referral_legal_basis(relations: list[dict[str, Any]]) -> str | None:
    """Return the legal basis of an active referral to the caller that needs no consent, if any."""
    for relation in relations:
        basis = relation.get("basis")
        if relation.get("relation") == "referral" and basis not in (None, "consent", "unrecorded"):
            return REFERRAL_LEGAL_BASES.get(str(basis))
    return None
