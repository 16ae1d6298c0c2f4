"""The resources service's operations at the gateway: the district resource file.

Cards belong to organisations, not to a client (anchors "object", "region_collection",
"region_create"): any organisation of the card's region reads them (support workers of the
organiser and of producers), the region's organiser and the card's keeper change them, and a
new card names the caller's own region. A card about a person never shows that person's data
without their inclusion consent (the service masks it); their contact details go to another
organisation only under a disclosure consent, checked and logged by `subject_disclosure.py`.
"""

from gateway.catalog.route import OWNERS, OWNERS_AND_RECIPIENTS, ProxyRoute, _r

R = "resources"
READ, WRITE = "resources:read", "resources:write"
CARD = "resource_card"
ANYONE = OWNERS_AND_RECIPIENTS
"""The region's organiser and producers (municipalities, companies, NGOs, parishes); not dashboards."""
REGION_READ = {"roles": ANYONE, "anchor": "object", "object_rule": "region"}
MANAGE = {"roles": ANYONE, "anchor": "object", "object_rule": "managers"}
REGION_LIST = {"roles": ANYONE, "anchor": "region_collection"}
REGION_NEW = {"roles": ANYONE, "anchor": "region_create"}

PATH_KINDS: dict[str, tuple[str, str]] = {
    "card_id": (R, "card"),
    "organization_id": (R, "card"),
    "hsds_service_id": (R, "offer"),
}

ROUTES: list[ProxyRoute] = [
    _r(R, "POST", "/organisation-cards", WRITE, CARD, "Add an organisation card", **REGION_NEW),
    _r(R, "PATCH", "/organisation-cards/{card_id}", WRITE, CARD, "Change an organisation card", **MANAGE),
    _r(R, "POST", "/citizen-cards", WRITE, CARD, "Add a citizen card (needs the person's inclusion consent)", **REGION_NEW),
    _r(R, "PATCH", "/citizen-cards/{card_id}", WRITE, CARD, "Change a citizen card", **MANAGE),
    _r(
        R, "GET", "/citizen-cards/{card_id}/contact", READ, "contact_details",
        "A citizen's contact details: to another organisation only under a disclosure consent, logged",
        discloses=True, **REGION_READ,
    ),
    _r(R, "POST", "/citizen-cards/{card_id}/contributions", WRITE, CARD, "Record a contribution a citizen gave", **MANAGE),
    _r(R, "GET", "/citizen-cards/{card_id}/contributions", READ, CARD, "Contributions a citizen gave", action="list", **REGION_READ),
    _r(R, "POST", "/cards/{card_id}/competence-cards", WRITE, CARD, "Add a competence to a card", **MANAGE),
    _r(R, "POST", "/cards/{card_id}/strength-cards", WRITE, CARD, "Add a strength to a card", **MANAGE),
    _r(R, "PATCH", "/held-cards/{card_id}", WRITE, CARD, "Change a competence or strength card", **MANAGE),
    _r(R, "GET", "/cards", READ, CARD, "Cards of the caller's region (incremental sync)", action="list", paged=True, **REGION_LIST),
    _r(R, "GET", "/cards/{card_id}", READ, CARD, "Read a card", **REGION_READ),
    _r(R, "POST", "/cards/{card_id}/archive", WRITE, CARD, "Take a card out of the resource file", action="update", **MANAGE),
    _r(R, "POST", "/cards/{card_id}/activities", WRITE, CARD, "Add to a card's activity log", **MANAGE),
    _r(R, "GET", "/cards/{card_id}/activities", READ, CARD, "A card's activity log", action="list", **REGION_READ),
    _r(R, "GET", "/stale-cards", READ, CARD, "Cards due for care, per responsible worker", action="list", **REGION_LIST),
    _r(R, "GET", "/statistics", READ, CARD, "Counts of cards by type, district and status", action="list", **REGION_LIST),
    _r(R, "GET", "/districts", READ, CARD, "The region's districts, finders, key persons, networks, notes", action="list", **REGION_LIST),
    _r(R, "POST", "/district-assignments", WRITE, CARD, "Set a district's resource finders and key persons", action="update", roles=OWNERS, anchor="region_create"),
    _r(R, "POST", "/district-networks", WRITE, CARD, "Record a network of a district", **REGION_NEW),
    _r(R, "POST", "/district-notes", WRITE, CARD, "Write a field note about a district", **REGION_NEW),
    _r(R, "POST", "/ptv-imports", WRITE, CARD, "Import organisations and services from PTV v11", roles=OWNERS, anchor="region_create"),
    _r(R, "GET", "/resource-codes", None, "codes", "Competence taxonomy and the resource file's codes", roles=ANYONE, anchor="none"),
    _r(R, "GET", "/hsds", READ, CARD, "HSDS 3.0: about this API", roles=ANYONE, anchor="none"),
    _r(R, "GET", "/hsds/services", READ, CARD, "HSDS 3.0 services (organisations' offers)", action="list", **REGION_LIST),
    _r(R, "GET", "/hsds/services/{hsds_service_id}", READ, CARD, "HSDS 3.0: one service", **REGION_READ),
    _r(R, "GET", "/hsds/organizations", READ, CARD, "HSDS 3.0 organizations", action="list", **REGION_LIST),
    _r(R, "GET", "/hsds/organizations/{organization_id}", READ, CARD, "HSDS 3.0: one organization", **REGION_READ),
    _r(R, "GET", "/search", READ, CARD, "Find the region's cards by words (Finnish or Swedish, any form) and filters", action="list", **REGION_LIST),
    _r(R, "POST", "/match", READ, CARD, "Rank the region's cards for a need, with the reasons", action="list", **REGION_LIST),
]  # fmt: skip

NOT_EXPOSED: dict[tuple[str, str, str], str] = {
    (R, "GET", "/api/v1/ownership/{kind}/{ident}"): "the gateway's own authorisation lookup",
}
