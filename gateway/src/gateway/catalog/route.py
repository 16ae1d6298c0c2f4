"""One catalogued operation (`ProxyRoute`) and the helpers the per-upstream modules build theirs with.

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
    (a list filtered per item), "create_client", "region_aggregate" or "none" (no client data).
    For organisations' objects (no client): "object" (every path id names one; `object_rule`
    decides), "region_collection" (a list the service narrows to the caller's region and the
    objects it takes part in) or "region_create" (the body's `region` must be the caller's)."""
    person_roles: frozenset[str] = frozenset()
    """Roles admitted besides `roles` when the anchor names people of the resource file (consent
    subjects an organisation registered, not clients): a producer keeps its volunteers' consents."""
    object_rule: str | None = None
    """For anchor "object": "region" (any organisation of the object's region, and those taking
    part in it) or "managers" (the region's organiser, the object's owner, those taking part)."""
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
    needs a basis before it is forwarded, and the disclosure is logged. For anchor "object": the
    object is about a person (its ownership's `subject_id`) whom the operation discloses to the
    caller unless the caller keeps it (`subject_disclosure.py`: consent first, then logged)."""

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
        rules = {
            "path": "Every id in the path is resolved to its client; the caller must be the client's own region "
            "(the organiser), or a producer (company, NGO, parish, joint authority, municipality) with an active "
            "service or referral and a basis for this disclosure (the client's consent, or the referral's "
            "recorded legal basis).",
            "collection": "Only items about clients the caller may see are returned. An incremental "
            "sync (`modified_after`) may ask for pages of up to 500 (the service's own cap).",
            "create_client": "The client's region must be the caller's own, its municipality inside it.",
            "region_aggregate": "Rows are limited to the caller's region; dashboards get the totals only.",
        }
        organisation_rules = {
            "object": OBJECT_RULES.get(self.object_rule or "", ""),
            "region_collection": "Only objects of the caller's own region, and those it takes part in.",
            "region_create": "The object's `region` must be the caller's own region.",
        }
        if self.anchor in organisation_rules:
            return (
                f"Roles: {roles}. Scope: `{self.scope}`. {organisation_rules[self.anchor]} "
                "No client data: an organisation's object."
            )
        rule = rules.get(
            self.anchor,
            f"The client named by `{self.anchor.partition(':')[2]}` must be one the caller may see.",
        )
        return (
            f"Roles: {roles}. Scope: `{self.scope}`. {rule} Each use is recorded in the access log (data "
            f"category `{self.category}`), and a disclosure to another organisation also in the disclosure "
            "log, before any data is returned."
        )


OBJECT_RULES = {
    "region": "Every id in the path names an object of the caller's own region (or one it takes part in).",
    "managers": "Every id in the path names an object the caller manages: the region's organiser, the "
    "organisation that owns the object, or one taking part in it.",
}
"""Anchor "object": the rule → what the operation's description says of it."""


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
    if (kw.get("anchor") == "object") != (kw.get("object_rule") in OBJECT_RULES):
        raise ValueError(
            f"{method} {path}: anchor 'object' goes with an object_rule of {set(OBJECT_RULES)}"
        )
    return ProxyRoute(upstream, method, "/api/v1" + path, scope, category, summary, **kw)


CLIENT_PARAM = "client_id"
"""The parameter whose kind gives a client's area, for services that know only the client's id."""
LIST = {"action": "list", "paged": True}
IDENTITY = {"query_scopes": (("include", "identity", "clients:identity"),)}
MONTH = ("month", str, r"^\d{4}-(0[1-9]|1[0-2])$")
