"""The catalogue of upstream operations the gateway exposes, each with its access rule.

Deny by default: an upstream operation that is not listed here does not exist at the
gateway, and `build_router` refuses a route whose path ids have no ownership check.
Operations the gateway itself uses but never exposes are in `INTERNAL_OPERATIONS`; a
test compares both lists with each service's live OpenAPI so a new upstream operation
fails the suite until someone decides its rule.
"""

import re
from dataclasses import dataclass, field

from gateway.policy import OWNER_ROLES, RECIPIENT_ROLES

OWNERS = OWNER_ROLES
OWNERS_AND_RECIPIENTS = OWNER_ROLES | RECIPIENT_ROLES
PROVIDERS_ONLY = frozenset({"service_provider"})


@dataclass(frozen=True)
class ProxyRoute:
    """One upstream operation as the gateway exposes it."""

    upstream: str
    method: str
    path: str
    scope: str
    category: str
    """Consent data category of what the operation reads or changes (also the log's data_category)."""
    summary: str
    roles: frozenset[str] = OWNERS
    action: str = "read"
    anchor: str = "path"
    """How the client is found: "path" (every path id), "body:<field>", "query:<field>" or "collection"."""
    items_field: str | None = None
    """For collections: the field of each returned item naming its client."""
    paged: bool = False
    tag: str = field(default="")

    @property
    def reads(self) -> bool:
        return self.method in ("GET", "HEAD")

    @property
    def operation_id(self) -> str:
        words = re.sub(r"[{}]", "", self.path.removeprefix("/api/v1/")).replace("/", "_").replace("-", "_")
        return f"{self.method.lower()}_{words}"

    def describe(self) -> str:
        """Return the operation's description: who may call it and what gets logged."""
        roles = ", ".join(sorted(self.roles))
        rule = {
            "path": "Every id in the path is resolved to its client; the caller must be the client's organisation, "
            "or a provider/NGO with an active service or referral and the client's consent for this disclosure.",
            "collection": "Only items the caller may see are returned.",
        }.get(self.anchor, f"The client named by `{self.anchor.partition(':')[2]}` must be one the caller may see.")
        return (
            f"Roles: {roles}. Scope: `{self.scope}`. {rule} "
            f"Each use is recorded in the access log (data category `{self.category}`), and a disclosure to "
            "another organisation also in the disclosure log, before any data is returned."
        )


def _r(upstream: str, method: str, path: str, scope: str, category: str, summary: str, **kw: object) -> ProxyRoute:
    kw.setdefault("action", {"GET": "read", "POST": "create", "PATCH": "update", "PUT": "update",
                             "DELETE": "delete"}[method])
    kw.setdefault("tag", upstream)
    return ProxyRoute(upstream, method, path, scope, category, summary, **kw)  # type: ignore[arg-type]


PLANS = "plans"
CONSENT = "consent"

ROUTES: list[ProxyRoute] = [
    # Clients
    _r(PLANS, "POST", "/api/v1/clients", "clients:write", "identity", "Register a client",
       anchor="collection", items_field="id"),
    _r(PLANS, "GET", "/api/v1/clients", "clients:read", "identity", "List clients",
       anchor="collection", items_field="id", action="list", paged=True),
    _r(PLANS, "GET", "/api/v1/clients/{client_id}", "clients:read", "identity", "Read a client",
       roles=OWNERS_AND_RECIPIENTS),
    _r(PLANS, "GET", "/api/v1/clients/{client_id}/plans", "plans:read", "plan", "List a client's plans",
       roles=OWNERS_AND_RECIPIENTS, action="list", paged=True),
    _r(PLANS, "POST", "/api/v1/clients/{client_id}/plans", "plans:write", "plan", "Open a plan for a client"),
    _r(PLANS, "GET", "/api/v1/clients/{client_id}/realisation", "realisation:read", "service_delivery",
       "Planned versus delivered support of a client for a month", roles=OWNERS_AND_RECIPIENTS),
    # Plans
    _r(PLANS, "GET", "/api/v1/plans/{plan_id}", "plans:read", "plan", "Read a plan", roles=OWNERS_AND_RECIPIENTS),
    _r(PLANS, "PATCH", "/api/v1/plans/{plan_id}", "plans:write", "plan", "Change a plan"),
    _r(PLANS, "GET", "/api/v1/plans/{plan_id}/versions", "plans:read", "plan", "List a plan's versions",
       roles=OWNERS_AND_RECIPIENTS, action="list"),
    _r(PLANS, "POST", "/api/v1/plans/{plan_id}/approve", "plans:write", "plan", "Approve a plan version",
       action="update"),
    # Referrals
    _r(PLANS, "GET", "/api/v1/referrals/{referral_id}", "referrals:read", "service_delivery", "Read a referral",
       roles=OWNERS_AND_RECIPIENTS),
    _r(PLANS, "POST", "/api/v1/referrals/{referral_id}/answer", "referrals:answer", "service_delivery",
       "Accept, decline or report a referral delivered", roles=OWNERS_AND_RECIPIENTS, action="update"),
    # Consent
    _r(CONSENT, "POST", "/api/v1/consents", "consents:write", "consent", "Record a consent",
       anchor="body:subject_id"),
    _r(CONSENT, "GET", "/api/v1/consents/{consent_id}", "consents:read", "consent", "Read a consent"),
    _r(CONSENT, "POST", "/api/v1/consents/{consent_id}/withdraw", "consents:write", "consent",
       "Withdraw a consent", action="update"),
    _r(CONSENT, "GET", "/api/v1/consents/{consent_id}/receipt", "consents:read", "consent",
       "Consent receipt (Kantara consent receipt)", action="export"),
    _r(CONSENT, "GET", "/api/v1/subjects/{subject_id}/consents", "consents:read", "consent",
       "List a client's consents", action="list", paged=True),
    _r(CONSENT, "GET", "/api/v1/subjects/{subject_id}/access-report", "audit:read", "audit",
       "Who used and received the client's data (access and disclosure logs)", action="export"),
]

INTERNAL_OPERATIONS: set[tuple[str, str, str]] = {
    (PLANS, "GET", "/api/v1/ownership/{kind}/{object_id}"),
    (PLANS, "GET", "/api/v1/clients/{client_id}/organisations"),
    (CONSENT, "POST", "/api/v1/decisions"),
}
"""Upstream operations only the gateway calls (authorisation lookups); never exposed."""
