"""Who may do what: what kind of caller an organisation is, its sector, the scopes that bounds;
purposes and legal bases for the audit logs.

Since the 2023 reform the wellbeing region *organises* social welfare for the clients of
its region (Helsinki organises its own); municipalities, NGOs, parishes, joint authorities
and companies *produce* services. So an organisation has a sector (who it is) and, per
client, a relation (organiser, producer of an agreed service, recipient of a referral, or
none) that `access.py` works out per request. The role registered here only says whether
the organisation can ever organise (a region), produce (everyone else) or watch the
pseudonymised stream (a dashboard); a municipality is a producer like any other.

Deny by default: a scope not listed for a role can never be granted, and a route that
is not in the catalogue does not exist at the gateway.
"""

REGION_SCOPES = frozenset(
    {
        "clients:read",
        "clients:identity",
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
        "resources:write",
        "network:read",
        "network:write",
        "webhooks:manage",
        "housing:read",
        "housing:write",
        "stream:plans",
        "stream:consent",
        "stream:resources",
        "stream:network",
        "stream:housing",
    }
)
PRODUCER_SCOPES = frozenset(
    {
        "clients:read",
        "plans:read",
        "plans:write",
        "referrals:read",
        "referrals:answer",
        "realisation:read",
        "resources:read",
        "network:read",
        "resources:write",
        "consents:read",
        "consents:write",
        "webhooks:manage",
        "housing:read",
        "housing:write",
    }
)
"""What any producer may be granted (consents: of the people it registered for the resource
file only — client consents stay with the organiser, by the routes' roles); what it then sees of a client follows from its relation
and the basis (consent or the referral's legal basis), never from its sector."""

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "wellbeing_region": REGION_SCOPES,
    "municipality": PRODUCER_SCOPES,
    "service_provider": PRODUCER_SCOPES,
    "ngo": PRODUCER_SCOPES,
    "dashboard": frozenset(
        {
            "stream:plans",
            "stream:consent",
            "stream:resources",
            "stream:network",
            "stream:housing",
            "aggregates:read",
        }
    ),
}

SECTORS = ("wellbeing_region", "municipal", "third_sector", "private", "parish", "joint_authority")
"""Who an organisation is (the same codes as an agreed service's provider sector in plans)."""
SECTORS_BY_ROLE: dict[str, tuple[str, ...]] = {
    "wellbeing_region": ("wellbeing_region",),
    "municipality": ("municipal",),
    "service_provider": ("private", "third_sector", "joint_authority", "municipal", "parish"),
    "ngo": ("third_sector", "parish"),
    "dashboard": ("wellbeing_region",),
}
"""Sectors an organisation of each role may have; the first is the default."""

OWNER_ROLES = frozenset({"wellbeing_region"})
"""The organiser: sees its region's clients (and those it registered) as its own use."""
RECIPIENT_ROLES = frozenset({"service_provider", "ngo", "municipality"})
"""Producers: see a client only through an active relation and a basis for the disclosure."""

OWN_PURPOSE = "client_work"
OWN_LEGAL_BASIS = "fi:act-703/2023:client-data-processing"
"""The region's own use of its client records (Act on the Processing of Client Data, 703/2023)."""
CONSENT_LEGAL_BASIS = "consent"
REFERRAL_PURPOSE = "referral"
REFERRAL_LEGAL_BASES = {
    "consent": CONSENT_LEGAL_BASIS,
    "purchase_contract": "fi:act-612/2021:purchased-service",
    "service_voucher": "fi:act-569/2009:service-voucher",
}
"""A referral's basis → the legal basis its disclosure is logged with. Under a purchase contract
or a service voucher the producer acts on the organiser's behalf, under the organiser's control."""


def disclosure_purpose(category: str) -> str:
    """Return the consent purpose a disclosure of this data category to another organisation needs."""
    return "plan_sharing_with_provider" if category == "plan" else "disclosure_to_organisation"


STREAM_SCOPES = {
    "plans": "stream:plans",
    "consent": "stream:consent",
    "resources": "stream:resources",
    "network": "stream:network",
    "housing": "stream:housing",
}
"""Dashboard stream name → the scope that lets a caller see it."""
