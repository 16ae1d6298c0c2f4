"""BOLA objects of the housing networks: one of each kind, managed by region A's organisation."""

from typing import Any

from gateway_harness import OrgClient
from gateway_platform import Platform

CARD = "01900000-0000-7000-8000-00000000c0de"
WORKER = "wrk_0193c6a1f5e87a2c9d1e4b7f60a3c2d8"


async def bola_objects(platform: Platform, owner: OrgClient, provider: OrgClient) -> dict[str, Any]:
    """Return path parameter → id of a housing object region A may read."""
    net = await platform.ok(
        owner,
        "POST",
        "/api/v1/housing-networks",
        201,
        json={"name": "Verkosto A", "region": "kymenlaakso", "municipality": "286"},
    )
    base = f"/api/v1/housing-networks/{net['id']}"
    apartment = await platform.ok(
        owner,
        "POST",
        f"{base}/apartments",
        201,
        json={
            "address": "Kauppalankatu 5 B 12",
            "postal_code": "45700",
            "latitude": 60.9,
            "longitude": 26.6,
            "housing_unit_code": "286-0042-B12",
            "owner_kind": "housing_company",
        },
    )
    client = await platform.client(owner)
    residency = await platform.ok(
        owner,
        "POST",
        f"{base}/residents",
        201,
        json={"client_id": client["id"], "moved_in_on": "2025-01-01"},
    )
    partner = await platform.ok(
        owner,
        "POST",
        f"{base}/partners",
        201,
        json={"resource_card_id": CARD, "card_kind": "organisation", "joined_on": "2025-01-01"},
    )
    activity = await platform.ok(
        owner,
        "POST",
        f"{base}/activities",
        201,
        json={
            "title": "Tiistaikerho",
            "goal": "Tutustuminen",
            "content": "Kahvia ja pelejä",
            "recurrence": "FREQ=WEEKLY;BYDAY=TU",
            "duration_minutes": 120,
            "starts_on": "2025-02-04",
            "planned_with_client_ids": [client["id"]],
            "responsible_worker_id": WORKER,
            "producer_organisation_id": owner.id,
            "staff_count": 1,
            "staff_hours_per_session": 2,
        },
    )
    held = await platform.ok(
        owner,
        "POST",
        f"/api/v1/activities/{activity['id']}/sessions",
        201,
        json={
            "held_on": "2025-02-11",
            "attendance": [{"kind": "resident", "client_id": client["id"]}],
        },
    )
    await platform.ok(owner, "POST", f"{base}/self-monitoring-plan", 201)
    return {
        "network_id": net["id"],
        "apartment_id": apartment["id"],
        "residency_id": residency["id"],
        "partner_id": partner["id"],
        "activity_id": activity["id"],
        "session_id": held["id"],
    }
