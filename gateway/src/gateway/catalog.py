"""The catalogue of upstream operations the gateway exposes, each with its access rule.

Deny by default: an upstream operation that is not listed here does not exist at the
gateway, and `build_router` refuses a route whose path ids have no ownership check.
`PATH_KINDS` says which service answers for each id: a new kind of object needs only its
entry there, its routes here, and the kind in its service's `ownership.py`.
Operations the gateway uses but never exposes are in `NOT_EXPOSED` with the reason; a
test compares both with each service's live OpenAPI, so a new upstream operation fails
the suite until someone decides its rule.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from gateway.policy import OWNER_ROLES, RECIPIENT_ROLES, ROLE_SCOPES

OWNERS = OWNER_ROLES
RECIPIENTS = RECIPIENT_ROLES
OWNERS_AND_RECIPIENTS = OWNER_ROLES | RECIPIENT_ROLES
EVERYONE = frozenset(ROLE_SCOPES)
AREA_READERS = OWNER_ROLES | {"dashboard"}


@dataclass(frozen=True)
class ProxyRoute:
    """One upstream operation as the gateway exposes it."""

    upstream: str
    method: str
    path: str
    scope: str | None
    category: str
    """Consent data category of what the operation reads or changes (also the log's data_category)."""
    summary: str
    roles: frozenset[str] = OWNERS
    action: str = "read"
    anchor: str = "path"
    """How the client is found: "path" (every path id), "body:<field>", "query:<field>", "collection"
    (a list filtered per item), "create_client", "region_aggregate" or "none" (no client data)."""
    items_field: str | None = None
    """For collections: the field of each returned item naming its client."""
    paged: bool = False
    plain: tuple[tuple[str, type, str], ...] = ()
    """Path parameters that are not ids: (name, type, regex pattern or "")."""
    own_object: str | None = None
    """For recipients: the object kind whose organisation (receiver/provider) must be the caller."""
    recipient_filter: str | None = None
    """For recipients: query parameter the gateway sets to the caller's organisation id."""
    query_scopes: tuple[tuple[str, str, str], ...] = ()
    """(query parameter, value, scope): asking for that value needs that scope as well."""
    producer_body_object: tuple[str, str] | None = None
    """For producers: (body field, object kind) naming an object the caller itself must provide
    (a visit is recorded only against the producer's own agreed service)."""
    discloses: bool = False
    """The operation discloses the client to the organisation the body names (a referral): it
    needs a basis before it is forwarded, and the disclosure is logged."""

    @cached_property
    def plain_names(self) -> frozenset[str]:
        """Names of the path parameters that are not ids."""
        return frozenset(name for name, _, _ in self.plain)

    @property
    def reads(self) -> bool:
        return self.method in ("GET", "HEAD")

    @property
    def operation_id(self) -> str:
        words = (
            re.sub(r"[{}]", "", self.path.removeprefix("/api/v1/"))
            .replace("/", "_")
            .replace("-", "_")
        )
        return f"{self.method.lower()}_{words}"

    def describe(self) -> str:
        """Return the operation's description: who may call it and what gets logged."""
        roles = ", ".join(sorted(self.roles))
        if self.anchor == "none":
            return f"Roles: {roles}. Code lists only; no client data."
        rule = {
            "path": "Every id in the path is resolved to its client; the caller must be the client's own region "
            "(the organiser), or a producer (company, NGO, parish, joint authority, municipality) with an active "
            "service or referral and a basis for this disclosure (the client's consent, or the referral's "
            "recorded legal basis).",
            "collection": "Only items about clients the caller may see are returned.",
            "create_client": "The client's region must be the caller's own, its municipality inside it.",
            "region_aggregate": "Rows are limited to the caller's region; dashboards get the totals only.",
        }.get(
            self.anchor,
            f"The client named by `{self.anchor.partition(':')[2]}` must be one the caller may see.",
        )
        return (
            f"Roles: {roles}. Scope: `{self.scope}`. {rule} Each use is recorded in the access log (data "
            f"category `{self.category}`), and a disclosure to another organisation also in the disclosure "
            "log, before any data is returned."
        )


def _r(
    upstream: str,
    method: str,
    path: str,
    scope: str | None,
    category: str,
    summary: str,
    **kw: Any,
) -> ProxyRoute:
    kw.setdefault(
        "action", {"GET": "read", "POST": "create", "PATCH": "update", "DELETE": "delete"}[method]
    )
    return ProxyRoute(upstream, method, "/api/v1" + path, scope, category, summary, **kw)


P, C = "plans", "consent"

PATH_KINDS: dict[str, tuple[str, str]] = {
    "client_id": (P, "client"),
    "subject_id": (P, "client"),
    "plan_id": (P, "plan"),
    "goal_id": (P, "goal"),
    "service_id": (P, "service"),
    "visit_id": (P, "visit"),
    "referral_id": (P, "referral"),
    "observation_id": (P, "observation"),
    "task_id": (P, "task"),
    "phase_id": (P, "phase"),
    "consent_id": (C, "consent"),
}
"""Path parameter (or body/query field an anchor names) → (service, ownership kind) answering for it."""
CLIENT_PARAM = "client_id"
"""The parameter whose kind gives a client's area, for services that know only the client's id."""
LIST = {"action": "list", "paged": True}
IDENTITY = {"query_scopes": (("include", "identity", "clients:identity"),)}
MONTH = ("month", str, r"^\d{4}-(0[1-9]|1[0-2])$")

ROUTES: list[ProxyRoute] = [
    # Clients
    _r(
        P,
        "POST",
        "/clients",
        "clients:write",
        "identity",
        "Register a client",
        anchor="create_client",
        items_field="id",
    ),
    _r(
        P,
        "GET",
        "/clients",
        "clients:read",
        "identity",
        "List clients (incremental sync)",
        anchor="collection",
        items_field="id",
        **LIST,
        **IDENTITY,
    ),
    _r(
        P,
        "GET",
        "/clients/{client_id}",
        "clients:read",
        "identity",
        "Read a client",
        roles=OWNERS_AND_RECIPIENTS,
        **IDENTITY,
    ),
    _r(
        P,
        "PATCH",
        "/clients/{client_id}",
        "clients:write",
        "identity",
        "Change a client's languages, support or area",
    ),
    _r(
        P,
        "GET",
        "/clients/{client_id}/organisations",
        "clients:read",
        "service_delivery",
        "Organisations with an agreed service or a referral for the client",
        action="list",
    ),
    _r(P, "POST", "/clients/{client_id}/plans", "plans:write", "plan", "Open a draft plan"),
    _r(
        P,
        "GET",
        "/clients/{client_id}/plans",
        "plans:read",
        "plan",
        "A client's plans",
        roles=OWNERS_AND_RECIPIENTS,
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/clients/{client_id}/realisation",
        "realisation:read",
        "service_delivery",
        "Planned versus delivered support of a client for a month",
        roles=OWNERS_AND_RECIPIENTS,
    ),
    # Plans
    _r(
        P,
        "GET",
        "/plans",
        "plans:read",
        "plan",
        "List plans",
        anchor="collection",
        items_field="client_id",
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/plans/{plan_id}",
        "plans:read",
        "plan",
        "Read a plan",
        roles=OWNERS_AND_RECIPIENTS,
    ),
    _r(P, "PATCH", "/plans/{plan_id}", "plans:write", "plan", "Change a plan"),
    _r(
        P,
        "POST",
        "/plans/{plan_id}/approve",
        "plans:write",
        "plan",
        "Approve the current version",
        action="update",
    ),
    _r(
        P,
        "POST",
        "/plans/{plan_id}/status",
        "plans:write",
        "plan",
        "Change a plan's status",
        action="update",
    ),
    _r(
        P,
        "GET",
        "/plans/{plan_id}/versions",
        "plans:read",
        "plan",
        "A plan's versions",
        roles=OWNERS_AND_RECIPIENTS,
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/plans/{plan_id}/versions/{version}",
        "plans:read",
        "plan",
        "Read one version",
        roles=OWNERS_AND_RECIPIENTS,
        plain=(("version", int, ""),),
    ),
    _r(
        P, "GET", "/plans/{plan_id}/history", "plans:read", "plan", "Who changed what, when", **LIST
    ),
    # Goals and progress notes (free text)
    _r(P, "POST", "/plans/{plan_id}/goals", "plans:write", "plan", "Add a goal"),
    _r(
        P,
        "GET",
        "/plans/{plan_id}/goals",
        "plans:read",
        "plan",
        "A plan's goals",
        roles=OWNERS_AND_RECIPIENTS,
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/goals/{goal_id}",
        "plans:read",
        "plan",
        "Read a goal",
        roles=OWNERS_AND_RECIPIENTS,
    ),
    _r(P, "PATCH", "/goals/{goal_id}", "plans:write", "plan", "Change a goal"),
    _r(
        P,
        "POST",
        "/goals/{goal_id}/progress",
        "plans:write",
        "free_text_notes",
        "Note progress on a goal",
    ),
    _r(
        P,
        "GET",
        "/goals/{goal_id}/progress",
        "plans:read",
        "free_text_notes",
        "A goal's progress notes",
        roles=OWNERS_AND_RECIPIENTS,
        **LIST,
    ),
    # Agreed services
    _r(P, "POST", "/plans/{plan_id}/services", "plans:write", "plan", "Agree a service"),
    _r(
        P,
        "GET",
        "/plans/{plan_id}/services",
        "plans:read",
        "plan",
        "A plan's agreed services",
        roles=OWNERS_AND_RECIPIENTS,
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/services/{service_id}",
        "plans:read",
        "plan",
        "Read an agreed service",
        roles=OWNERS_AND_RECIPIENTS,
        own_object="service",
    ),
    _r(P, "PATCH", "/services/{service_id}", "plans:write", "plan", "Change an agreed service"),
    # Phases
    _r(
        P,
        "POST",
        "/plans/{plan_id}/phases",
        "plans:write",
        "plan",
        "Move the client to a support phase",
    ),
    _r(
        P,
        "GET",
        "/plans/{plan_id}/phases",
        "plans:read",
        "plan",
        "A plan's phases",
        roles=OWNERS_AND_RECIPIENTS,
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/phases/{phase_id}",
        "plans:read",
        "plan",
        "Read a phase",
        roles=OWNERS_AND_RECIPIENTS,
    ),
    # Delivery log (providers log the work they deliver)
    _r(
        P,
        "POST",
        "/plans/{plan_id}/visits",
        "plans:write",
        "service_delivery",
        "Log a visit or contact",
        roles=OWNERS_AND_RECIPIENTS,
        producer_body_object=("service_id", "service"),
    ),
    _r(
        P,
        "GET",
        "/plans/{plan_id}/visits",
        "plans:read",
        "service_delivery",
        "A plan's delivery log",
        roles=OWNERS_AND_RECIPIENTS,
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/visits/{visit_id}",
        "plans:read",
        "service_delivery",
        "Read a visit",
        roles=OWNERS_AND_RECIPIENTS,
        own_object="visit",
    ),
    _r(
        P,
        "PATCH",
        "/visits/{visit_id}",
        "plans:write",
        "service_delivery",
        "Correct a visit",
        roles=OWNERS_AND_RECIPIENTS,
        own_object="visit",
    ),
    # Housing follow-up
    _r(
        P,
        "POST",
        "/plans/{plan_id}/observations",
        "plans:write",
        "plan",
        "Record a rent or disturbance observation",
    ),
    _r(
        P,
        "GET",
        "/plans/{plan_id}/observations",
        "plans:read",
        "plan",
        "A plan's observations",
        **LIST,
    ),
    _r(P, "GET", "/observations/{observation_id}", "plans:read", "plan", "Read an observation"),
    _r(
        P,
        "GET",
        "/plans/{plan_id}/tasks",
        "plans:read",
        "plan",
        "A plan's intervention tasks",
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/tasks",
        "plans:read",
        "plan",
        "Intervention tasks (overdue=true for the overdue ones)",
        anchor="collection",
        items_field="client_id",
        **LIST,
    ),
    _r(P, "GET", "/tasks/{task_id}", "plans:read", "plan", "Read a task"),
    _r(
        P,
        "POST",
        "/tasks/{task_id}/close",
        "plans:write",
        "plan",
        "Close a task with its outcome",
        action="update",
    ),
    # Referrals
    _r(
        P,
        "POST",
        "/plans/{plan_id}/referrals",
        "plans:write",
        "service_delivery",
        "Send a referral",
        discloses=True,
    ),
    _r(
        P,
        "GET",
        "/plans/{plan_id}/referrals",
        "referrals:read",
        "service_delivery",
        "A plan's referrals",
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/referrals",
        "referrals:read",
        "service_delivery",
        "Referrals (a provider sees its own inbox)",
        roles=OWNERS_AND_RECIPIENTS,
        anchor="collection",
        items_field="client_id",
        recipient_filter="organisation_id",
        **LIST,
    ),
    _r(
        P,
        "GET",
        "/referrals/{referral_id}",
        "referrals:read",
        "service_delivery",
        "Read a referral",
        roles=OWNERS_AND_RECIPIENTS,
        own_object="referral",
    ),
    _r(
        P,
        "POST",
        "/referrals/{referral_id}/answer",
        "referrals:answer",
        "service_delivery",
        "Accept, decline or report a referral delivered",
        roles=RECIPIENTS,
        own_object="referral",
        action="update",
    ),
    # Realisation
    _r(
        P,
        "GET",
        "/realisation",
        "aggregates:read",
        "service_delivery",
        "The region's month: totals, and one row per client for the region itself",
        roles=AREA_READERS,
        anchor="region_aggregate",
        items_field="client_id",
        action="list",
    ),
    _r(
        P,
        "GET",
        "/coordinators/{area_coordinator_id}/shortfalls",
        "realisation:read",
        "service_delivery",
        "Clients on a coordinator's plans whose delivered support falls short",
        anchor="collection",
        items_field="client_id",
        action="list",
        plain=(("area_coordinator_id", str, r"^.{1,128}$"),),
    ),
    _r(
        P,
        "GET",
        "/codes",
        None,
        "codes",
        "Code sets with Finnish and Swedish labels",
        roles=EVERYONE,
        anchor="none",
    ),
    # Consent
    _r(
        C,
        "POST",
        "/consents",
        "consents:write",
        "consent",
        "Record a consent",
        anchor="body:subject_id",
    ),
    _r(
        C,
        "GET",
        "/consents",
        "consents:read",
        "consent",
        "List consents (incremental sync)",
        anchor="collection",
        items_field="subject_id",
        **LIST,
    ),
    _r(C, "GET", "/consents/{consent_id}", "consents:read", "consent", "Read a consent"),
    _r(
        C,
        "PATCH",
        "/consents/{consent_id}",
        "consents:write",
        "consent",
        "Narrow an active consent",
    ),
    _r(
        C,
        "POST",
        "/consents/{consent_id}/withdraw",
        "consents:write",
        "consent",
        "Withdraw a consent, at once",
        action="update",
    ),
    _r(
        C,
        "GET",
        "/consents/{consent_id}/receipt",
        "consents:read",
        "consent",
        "Kantara consent receipt",
        action="export",
    ),
    _r(
        C,
        "GET",
        "/subjects/{subject_id}",
        "consents:read",
        "consent",
        "A consent subject (the client)",
    ),
    _r(
        C,
        "GET",
        "/subjects/{subject_id}/consents",
        "consents:read",
        "consent",
        "All of a client's consents",
        action="list",
    ),
    _r(
        C,
        "GET",
        "/subjects/{subject_id}/access-report",
        "audit:read",
        "audit",
        "Who used and who received the client's data, on what basis",
        action="export",
    ),
    _r(
        C,
        "GET",
        "/audit/verify",
        "audit:read",
        "audit",
        "Verify a client's access and disclosure log chains",
        anchor="query:client_id",
    ),
    _r(
        C,
        "GET",
        "/vocabulary",
        None,
        "codes",
        "Consent codes with Finnish, Swedish and English labels",
        roles=EVERYONE,
        anchor="none",
    ),
]

NOT_EXPOSED: dict[tuple[str, str, str], str] = {
    (P, "GET", "/api/v1/ownership/{kind}/{ident}"): "the gateway's own authorisation lookup",
    (
        P,
        "POST",
        "/api/v1/realisation/{month}/close",
    ): "run by the plans service's own monthly scheduler",
    (C, "POST", "/api/v1/decisions"): "the gateway's own consent check on every disclosure",
    (C, "GET", "/api/v1/ownership/{kind}/{ident}"): "the gateway's own authorisation lookup",
    (
        C,
        "POST",
        "/api/v1/subjects",
    ): "non-client subjects belong to the resource file (resources service, not "
    "deployed yet); exposed with its ownership rule when that service lands",
}
"""Upstream operations deliberately not reachable through the gateway, with the reason."""
