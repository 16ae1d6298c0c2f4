"""Who may do what: roles bound scopes; purposes and legal bases for the audit logs.

Deny by default: a scope not listed for a role can never be granted, and a route that
is not in the catalogue does not exist at the gateway.
"""

REGION_SCOPES = frozenset(
    {
        "clients:read",
        "clients:write",
        "plans:read",
        "plans:write",
        "referrals:read",
        "referrals:answer",
        "consents:read",
        "consents:write",
        "audit:read",
        "realisation:read",
        "aggregates:read",
        "resources:read",
        "network:read",
        "webhooks:manage",
        "stream:plans",
        "stream:consent",
    }
)

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "wellbeing_region": REGION_SCOPES,
    "municipality": REGION_SCOPES,
    "service_provider": frozenset(
        {
            "clients:read",
            "plans:read",
            "plans:write",
            "referrals:read",
            "referrals:answer",
            "realisation:read",
            "resources:read",
            "webhooks:manage",
        }
    ),
    "ngo": frozenset({"referrals:read", "referrals:answer", "resources:read", "webhooks:manage"}),
    "dashboard": frozenset({"stream:plans", "stream:consent", "aggregates:read"}),
}

SECTOR_BY_ROLE = {
    "wellbeing_region": "public",
    "municipality": "public",
    "service_provider": "private",
    "ngo": "third_sector",
    "dashboard": "public",
}

OWNER_ROLES = frozenset({"wellbeing_region", "municipality"})
"""Roles whose own clients (the organisation that registered them) they see without a consent."""
RECIPIENT_ROLES = frozenset({"service_provider", "ngo"})
"""Roles that see a client only through an active relation and a consent for the disclosure."""

OWN_PURPOSE = "client_work"
OWN_LEGAL_BASIS = "fi:act-703/2023:client-data-processing"
"""The region's own use of its client records (Act on the Processing of Client Data, 703/2023)."""
CONSENT_LEGAL_BASIS = "consent"


def disclosure_purpose(category: str) -> str:
    """Return the consent purpose a disclosure of this data category to another organisation needs."""
    return "plan_sharing_with_provider" if category == "plan" else "disclosure_to_organisation"


STREAM_SCOPES = {"plans": "stream:plans", "consent": "stream:consent"}
"""Dashboard stream name → the scope that lets a caller see it."""
