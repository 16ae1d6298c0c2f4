"""The consent service's operations at the gateway: consents, subjects, receipts, logs."""

from gateway.catalog.route import EVERYONE, LIST, OWNERS_AND_RECIPIENTS, RECIPIENTS, ProxyRoute, _r

C = "consent"

PATH_KINDS: dict[str, tuple[str, str]] = {
    "consent_id": (C, "consent"),
    "subject_id": (C, "subject"),
}
"""A subject is a client (answered with its client id) or a person the caller's organisation
registered for the resource file (an organisation's object with the person as its subject)."""

PERSONS = {"person_roles": RECIPIENTS}
"""Producers reach these for the people they registered for the resource file, never for clients."""

ROUTES: list[ProxyRoute] = [
    _r(
        C,
        "POST",
        "/consents",
        "consents:write",
        "consent",
        "Record a consent",
        anchor="body:subject_id",
        **PERSONS,
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
    _r(C, "GET", "/consents/{consent_id}", "consents:read", "consent", "Read a consent", **PERSONS),
    _r(
        C,
        "PATCH",
        "/consents/{consent_id}",
        "consents:write",
        "consent",
        "Narrow an active consent",
        **PERSONS,
    ),
    _r(
        C,
        "POST",
        "/consents/{consent_id}/withdraw",
        "consents:write",
        "consent",
        "Withdraw a consent, at once",
        action="update",
        **PERSONS,
    ),
    _r(
        C,
        "GET",
        "/consents/{consent_id}/receipt",
        "consents:read",
        "consent",
        "Kantara consent receipt",
        **PERSONS,
        action="export",
    ),
    _r(
        C,
        "POST",
        "/subjects",
        "resources:write",
        "resource_card",
        "Register a person of the resource file as a consent subject (not a client)",
        roles=OWNERS_AND_RECIPIENTS,
        anchor="region_create",
        action="create",
    ),
    _r(
        C,
        "GET",
        "/subjects/{subject_id}",
        "consents:read",
        "consent",
        "A consent subject (a client, or a person of the resource file)",
        **PERSONS,
    ),
    _r(
        C,
        "GET",
        "/subjects/{subject_id}/consents",
        "consents:read",
        "consent",
        "All of a subject's consents",
        **PERSONS,
        action="list",
    ),
    _r(
        C,
        "GET",
        "/subjects/{subject_id}/access-report",
        "audit:read",
        "audit",
        "Who used and who received the subject's data, on what basis",
        action="export",
        **PERSONS,
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
    (C, "POST", "/api/v1/decisions"): "the gateway's own consent check on every disclosure",
    (C, "GET", "/api/v1/ownership/{kind}/{ident}"): "the gateway's own authorisation lookup",
}
