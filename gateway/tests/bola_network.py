"""BOLA objects of the network service: a map of region A's client with an alter, a tie and a
snapshot, and a district of region A (the district analysis is narrowed to the caller's region)."""

from typing import Any

from gateway_harness import OrgClient
from gateway_platform import Platform


async def bola_objects(platform: Platform, owner: OrgClient, provider: OrgClient) -> dict[str, Any]:
    client = await platform.client(owner)
    network_map = await platform.ok(
        owner,
        "POST",
        "/api/v1/maps",
        201,
        json={"client_id": client["id"], "region": "kymenlaakso", "district": "kuusankoski"},
    )
    alter = await platform.ok(
        owner,
        "POST",
        f"/api/v1/maps/{network_map['id']}/alters",
        201,
        json={"kind": "person", "sector": "friends_neighbours", "role": "neighbour"},
    )
    tie = await platform.ok(
        owner,
        "POST",
        f"/api/v1/maps/{network_map['id']}/ties",
        201,
        json={"to_alter_id": alter["id"], "strength": "weak"},
    )
    snapshot = await platform.ok(
        owner,
        "POST",
        f"/api/v1/maps/{network_map['id']}/snapshots",
        201,
        json={"label": "Alkutilanne"},
    )
    return {
        "map_id": network_map["id"],
        "alter_id": alter["id"],
        "tie_id": tie["id"],
        "snapshot_id": snapshot["id"],
        "district": "kuusankoski",
    }
