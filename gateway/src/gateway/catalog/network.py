"""The network service's operations at the gateway: personal network maps (client data),
snapshots, analyses and pictures; district analyses for the region and its dashboards.

A map is about a client: the organiser reads and writes it; a producer reads it with an
active relation and the client's consent for `network_map`. A district's analysis names no
client and is narrowed to the caller's region (another region's district answers 404).
"""

from gateway.catalog.route import AREA_READERS, LIST, OWNERS_AND_RECIPIENTS, ProxyRoute, _r

N = "network"
CATEGORY = "network_map"
DISTRICT = (("district", str, r"^[a-z0-9-]{1,60}$"),)
READ = {"roles": OWNERS_AND_RECIPIENTS}

PATH_KINDS: dict[str, tuple[str, str]] = {
    "map_id": (N, "map"),
    "alter_id": (N, "alter"),
    "tie_id": (N, "tie"),
    "snapshot_id": (N, "snapshot"),
}


def _crud(noun: str, param: str, title: str) -> list[ProxyRoute]:
    path = f"/{noun}/{{{param}}}"
    return [
        _r(N, "GET", path, "network:read", CATEGORY, f"Read {title}", **READ),
        _r(N, "PATCH", path, "network:write", CATEGORY, f"Change {title}"),
        _r(N, "DELETE", path, "network:write", CATEGORY, f"Remove {title}"),
    ]


ROUTES: list[ProxyRoute] = [
    _r(
        N,
        "POST",
        "/maps",
        "network:write",
        CATEGORY,
        "Start a client's personal network map",
        anchor="body:client_id",
    ),
    _r(
        N,
        "GET",
        "/clients/{client_id}/maps",
        "network:read",
        CATEGORY,
        "A client's network maps",
        **READ,
        **LIST,
    ),
    *_crud("maps", "map_id", "a network map"),
    _r(N, "POST", "/maps/{map_id}/alters", "network:write", CATEGORY, "Add someone to the map"),
    _r(
        N,
        "GET",
        "/maps/{map_id}/alters",
        "network:read",
        CATEGORY,
        "A map's alters",
        **READ,
        **LIST,
    ),
    *_crud("alters", "alter_id", "an alter"),
    _r(N, "POST", "/maps/{map_id}/ties", "network:write", CATEGORY, "Add a tie"),
    _r(N, "GET", "/maps/{map_id}/ties", "network:read", CATEGORY, "A map's ties", **READ, **LIST),
    *_crud("ties", "tie_id", "a tie"),
    _r(
        N,
        "POST",
        "/maps/{map_id}/snapshots",
        "network:write",
        CATEGORY,
        "Keep a dated, labelled copy of the map",
    ),
    _r(
        N,
        "GET",
        "/maps/{map_id}/snapshots",
        "network:read",
        CATEGORY,
        "A map's snapshots",
        **READ,
        **LIST,
    ),
    _r(N, "GET", "/snapshots/{snapshot_id}", "network:read", CATEGORY, "Read a snapshot", **READ),
    _r(
        N,
        "GET",
        "/maps/{map_id}/comparison",
        "network:read",
        CATEGORY,
        "Compare two snapshots of a map, or a snapshot with the map now",
        **READ,
    ),
    _r(N, "GET", "/maps/{map_id}/analysis", "network:read", CATEGORY, "Metrics of a map", **READ),
    _r(
        N,
        "GET",
        "/maps/{map_id}/ecomap",
        "network:read",
        CATEGORY,
        "The map's eco-map (SVG or PNG)",
        **READ,
        action="export",
    ),
    _r(
        N,
        "GET",
        "/snapshots/{snapshot_id}/ecomap",
        "network:read",
        CATEGORY,
        "A snapshot's eco-map (SVG or PNG)",
        **READ,
        action="export",
    ),
    _r(
        N,
        "GET",
        "/districts/{district}/analysis",
        "aggregates:read",
        CATEGORY,
        "Key persons, bottlenecks, isolates and communities of a district's network",
        roles=AREA_READERS,
        anchor="region_collection",
        plain=DISTRICT,
    ),
    _r(
        N,
        "GET",
        "/districts/{district}/sociogram",
        "aggregates:read",
        CATEGORY,
        "The district's sociogram (SVG or PNG)",
        roles=AREA_READERS,
        anchor="region_collection",
        plain=DISTRICT,
        action="export",
    ),
]

NOT_EXPOSED: dict[tuple[str, str, str], str] = {
    (N, "GET", "/api/v1/ownership/{kind}/{ident}"): "the gateway's own access checks",
}
