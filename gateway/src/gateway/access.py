"""Object-level authorisation: whose client is this, and may this caller see it?

Every id in a path is resolved to its client and owning organisation through plans'
ownership endpoint. The owner sees its own clients; a provider or NGO needs an active
service or referral relation with the client AND a consent permit for the disclosure;
anyone else gets 404 (the object's existence is not revealed). Any doubt — an upstream
that cannot answer — refuses the request (fail closed).
"""

import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from gateway.audit import Grant
from gateway.auth.caller import Caller
from gateway.policy import OWNER_ROLES, RECIPIENT_ROLES, disclosure_purpose
from gateway.upstream import UpstreamError, Upstreams
from tukiverkko_common.problems import Problem, not_found

OWNERSHIP_KINDS = {
    "client_id": "client", "plan_id": "plan", "goal_id": "goal", "service_id": "service", "visit_id": "visit",
    "referral_id": "referral", "observation_id": "observation", "task_id": "task", "phase_id": "phase",
}
"""Path parameter name → plans ownership kind."""


@dataclass(frozen=True)
class Ownership:
    client_id: UUID
    organisation_id: str


def upstream_unavailable(exc: UpstreamError, what: str) -> Problem:
    """Return the 503 a request gets when a service it depends on cannot answer."""
    problem = Problem(
        503, "upstream-unavailable", "Service unavailable",
        f"{what} could not be checked: the {exc.upstream} service is {exc.reason.replace('_', ' ')}",
        upstream=exc.upstream, reason=exc.reason,
    )
    problem.headers["Retry-After"] = "5"
    return problem


class AccessResolver:
    """Ownership lookups (cached: ownership does not move) and per-request access decisions."""

    def __init__(self, upstreams: Upstreams, ownership_ttl: float) -> None:
        self._upstreams = upstreams
        self._ttl = ownership_ttl
        self._owners: dict[tuple[str, str], tuple[float, Ownership]] = {}

    async def owner(self, kind: str, object_id: UUID | str) -> Ownership:
        """Return the client and owning organisation of an object, or raise 404/503."""
        key = (kind, str(object_id))
        hit = self._owners.get(key)
        now = time.monotonic()
        if hit is not None and hit[0] > now:
            return hit[1]
        body = await self._get("plans", f"/api/v1/ownership/{kind}/{object_id}", kind)
        owner = Ownership(UUID(str(body["client_id"])), str(body["organisation_id"]))
        if len(self._owners) > 100_000:
            self._owners.clear()
        self._owners[key] = (now + self._ttl, owner)
        return owner

    async def consent_subject(self, consent_id: UUID) -> Ownership:
        """Return the ownership of the client a consent is about."""
        body = await self._get("consent", f"/api/v1/consents/{consent_id}", "consent")
        return await self.owner("client", body["subject_id"])

    async def authorise(self, caller: Caller, owner: Ownership, category: str) -> Grant:
        """Return why the caller may use this client's data, or raise 404/403/503."""
        if caller.organisation_id == owner.organisation_id and caller.role in OWNER_ROLES:
            return Grant(owner.client_id, owner.organisation_id, own=True)
        if caller.role not in RECIPIENT_ROLES or not await self._related(caller, owner.client_id):
            raise not_found("object", "in the path")
        purpose = disclosure_purpose(category)
        decision = await self._decide(caller, owner.client_id, category, purpose)
        if decision.get("decision") != "permit":
            raise Problem(
                403, "consent-required", "Forbidden",
                f"the client has not consented to disclosing {category} data to your organisation "
                f"for {purpose}", purpose=purpose, data_category=category,
            )
        consent_ids = [UUID(str(c)) for c in decision.get("consent_ids") or []]
        return Grant.disclosure(owner.client_id, owner.organisation_id, purpose, consent_ids)

    async def require_visible(self, caller: Caller, owner: Ownership) -> None:
        """Raise 404 unless the caller owns the client or has an active relation with it (no consent check)."""
        if caller.organisation_id == owner.organisation_id and caller.role in OWNER_ROLES:
            return
        if caller.role not in RECIPIENT_ROLES or not await self._related(caller, owner.client_id):
            raise not_found("object", "in the path")

    async def _related(self, caller: Caller, client_id: UUID) -> bool:
        relations = await self._get("plans", f"/api/v1/clients/{client_id}/organisations", "relation")
        items = relations.get("items", []) if isinstance(relations, dict) else relations
        return any(str(r.get("organisation_id")) == caller.organisation_id and r.get("active") for r in items)

    async def _decide(self, caller: Caller, client_id: UUID, category: str, purpose: str) -> dict[str, Any]:
        body = {"subject_id": str(client_id), "recipient": caller.organisation_id,
                "data_category": category, "purpose": purpose}
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
