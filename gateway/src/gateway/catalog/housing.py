"""Housing networks at the gateway: networks, the area coordinator, apartments, residents,
partners, community activities and sessions, the self-monitoring plan (network service), and
the plans service's per-network shortfalls and regional survey.

A housing network is an organisation's object: the region's organiser, the organisation that
set it up and those taking part (its producers, its area coordinator's organisation) manage
it and everything under it (rule "managers"); the coordinator's organisation so reads its
networks' shortfall lists. A residency is about its client and keeps the client rules.
Dashboards get the survey's aggregates only.
"""

from typing import Any

from gateway.catalog.route import (
    AREA_READERS,
    LIST,
    OWNERS,
    OWNERS_AND_RECIPIENTS,
    ProxyRoute,
    _r,
)

N = "network"
P = "plans"
READ, WRITE = "housing:read", "housing:write"
CATEGORY = "housing_network"
"""No client data: an organisation's object (not a consent category; nothing is logged per client)."""
VERSION = ("version", int, "")

PATH_KINDS: dict[str, tuple[str, str]] = {
    "network_id": (N, "housing_network"),
    "apartment_id": (N, "apartment"),
    "partner_id": (N, "housing_partner"),
    "activity_id": (N, "activity"),
    "session_id": (N, "activity_session"),
    "residency_id": (N, "residency"),
}


def _m(method: str, path: str, summary: str, **kw: Any) -> ProxyRoute:
    """An operation on a network (or an object under it) that its managers may do."""
    upstream = kw.pop("upstream", N)
    scope = READ if method == "GET" else WRITE
    kw.setdefault("roles", OWNERS_AND_RECIPIENTS)
    return _r(
        upstream,
        method,
        path,
        scope,
        CATEGORY,
        summary,
        anchor="object",
        object_rule="managers",
        **kw,
    )


NET = "/housing-networks/{network_id}"
PLAN = f"{NET}/self-monitoring-plan"

ROUTES: list[ProxyRoute] = [
    _r(
        N,
        "POST",
        "/housing-networks",
        WRITE,
        CATEGORY,
        "Set up a housing network in your own region",
        roles=OWNERS,
        anchor="region_create",
    ),
    _r(
        N,
        "GET",
        "/housing-networks",
        READ,
        CATEGORY,
        "Housing networks of your region, and those you take part in",
        roles=OWNERS_AND_RECIPIENTS,
        anchor="region_collection",
        **LIST,
    ),
    _m("GET", NET, "Read a housing network"),
    _m("PATCH", NET, "Change a network's name, districts or producers"),
    _m("POST", f"{NET}/coordinators", "Give the area coordinator role from a date"),
    _m("GET", f"{NET}/coordinators", "Who held the area coordinator role when"),
    _m("POST", f"{NET}/apartments", "Add an apartment"),
    _m("GET", f"{NET}/apartments", "The network's apartments", **LIST),
    _m("GET", "/apartments/{apartment_id}", "Read an apartment"),
    _m("POST", f"{NET}/residents", "A client moves into the network"),
    _m("GET", f"{NET}/residents", "The network's residencies", **LIST),
    _r(
        N,
        "GET",
        "/residencies/{residency_id}",
        READ,
        "service_delivery",
        "Read a residency (client data: the client rules apply)",
        roles=OWNERS_AND_RECIPIENTS,
    ),
    _r(
        N,
        "POST",
        "/residencies/{residency_id}/move-out",
        WRITE,
        "service_delivery",
        "Record a residency's last day",
        roles=OWNERS,
        action="update",
    ),
    _m("POST", f"{NET}/partners", "A resource card takes part in the network"),
    _m("GET", f"{NET}/partners", "The network's partners", **LIST),
    _m(
        "POST",
        "/housing-partners/{partner_id}/leave",
        "A partner stops taking part",
        action="update",
    ),
    _m("POST", f"{NET}/interactions", "Record that two residents interact"),
    _m("GET", f"{NET}/interactions", "Recorded interactions between residents", **LIST),
    _m("POST", f"{NET}/activities", "Plan a community activity with the residents"),
    _m("GET", f"{NET}/activities", "The network's community activities", **LIST),
    _m("GET", "/activities/{activity_id}", "Read an activity"),
    _m("PATCH", "/activities/{activity_id}", "Change an activity"),
    _m("POST", "/activities/{activity_id}/sessions", "Record a session with its attendance"),
    _m("GET", "/activities/{activity_id}/sessions", "The activity's sessions", **LIST),
    _m("GET", "/activity-sessions/{session_id}", "Read a session with its attendance"),
    _m("POST", PLAN, "Generate the self-monitoring plan (a new version only if it changed)"),
    _m("GET", f"{PLAN}/versions", "The self-monitoring plan's versions", **LIST),
    _m("GET", f"{PLAN}/versions/{{version}}", "A self-monitoring plan version", plain=(VERSION,)),
    _m(
        "GET",
        f"{PLAN}/versions/{{version}}/document",
        "A self-monitoring plan version as HTML or PDF, Finnish or Swedish",
        plain=(VERSION,),
        action="export",
    ),
    _m(
        "GET",
        f"{NET}/shortfalls",
        "Residents of the network whose delivered support falls short (plans)",
        upstream=P,
    ),
    _r(
        P,
        "GET",
        "/survey",
        "aggregates:read",
        CATEGORY,
        "The regional survey: counts by area, small counts suppressed",
        roles=AREA_READERS,
        anchor="region_collection",
    ),
]

NOT_EXPOSED: dict[tuple[str, str, str], str] = {
    (P, "GET", "/api/v1/housing-networks/{network_id}/coordinators"): (
        "the plans service's copy of the coordinator history, learnt from events; the network "
        "service's own history is the one exposed"
    ),
}
