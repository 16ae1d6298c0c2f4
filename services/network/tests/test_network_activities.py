"""Community activities: planned with residents, sessions with attendance, and what attendance
tells the district network (who takes part, who stays apart, who brings others in)."""

from network.service.participation import participation_ties
from tukiverkko_common.contracts.plans import new_worker_id
from tukiverkko_common.ids import new_id

PRODUCER = "01900000-0000-7000-8000-00000000c101"
CARD = "01900000-0000-7000-8000-00000000c1ca"


async def housed_network(
    network, residents: int, district: str = "valkeala"
) -> tuple[str, list[str]]:
    """A network in the district with fresh residents living there."""
    body = {
        "name": "Valkealan verkosto",
        "region": "kymenlaakso",
        "municipality": "286",
        "districts": [district],
        "producer_organisation_ids": [PRODUCER],
    }
    created = await network.ok("POST", "/api/v1/housing-networks", 201, json=body)
    clients = [str(new_id()) for _ in range(residents)]
    for client in clients:
        await network.ok(
            "POST",
            f"/api/v1/housing-networks/{created['id']}/residents",
            201,
            json={"client_id": client, "moved_in_on": "2025-01-01"},
        )
    return created["id"], clients


def activity(planned_with: list[str], **fields) -> dict:
    return {
        "title": "Tiistaikerho",
        "goal": "Asukkaat tutustuvat toisiinsa",
        "content": "Kahvia, pelejä ja asukkaiden valitsema teema",
        "recurrence": "FREQ=WEEKLY;BYDAY=TU",
        "weekday": "tu",
        "start_time": "17:00",
        "duration_minutes": 120,
        "starts_on": "2025-02-04",
        "planned_with_client_ids": planned_with,
        "responsible_worker_id": new_worker_id(),
        "producer_organisation_id": PRODUCER,
        "resource_card_ids": [CARD],
        "staff_count": 2,
        "staff_hours_per_session": 3.0,
        "competence_requirements": ["social_care_degree"],
        "follow_up": ["attendance_records"],
    } | fields


async def refused_field(network, url: str, body: dict) -> str:
    response = await network.http.post(url, json=body)
    assert response.status_code == 422, response.text
    return response.json()["errors"][0]["field"]


async def test_planning_and_attendance_are_checked_against_the_residents(network):
    network_id, (resident, other) = await housed_network(network, 2)
    url = f"/api/v1/housing-networks/{network_id}/activities"
    stranger = str(new_id())
    assert await refused_field(network, url, activity([stranger])) == "planned_with_client_ids"
    assert (
        await refused_field(network, url, activity([], recurrence="every tuesday")) == "recurrence"
    )
    club = await network.ok("POST", url, 201, json=activity([resident]))
    sessions = f"/api/v1/activities/{club['id']}/sessions"
    outsider = {
        "held_on": "2025-02-11",
        "attendance": [{"kind": "resident", "client_id": stranger}],
    }
    assert await refused_field(network, sessions, outsider) == "attendance.0.client_id"
    not_there = {
        "held_on": "2025-02-11",
        "attendance": [
            {"kind": "resident", "client_id": other, "brought_by": {"client_id": resident}}
        ],
    }
    assert await refused_field(network, sessions, not_there) == "attendance.0.brought_by"
    held = await network.ok(
        "POST",
        sessions,
        201,
        json={
            "held_on": "2025-02-11",
            "attendance": [
                {"kind": "resident", "client_id": resident},
                {"kind": "resident", "client_id": other, "brought_by": {"client_id": resident}},
                {"kind": "volunteer", "resource_card_id": CARD},
            ],
        },
    )
    assert held["staff_hours"] == 3.0 and len(held["attendance"]) == 3
    read = await network.ok("GET", f"/api/v1/activity-sessions/{held['id']}")
    assert {a["brought_by"] for a in read["attendance"]} == {None, f"client:{resident}"}


async def sessions_of(network, activity_id: str, attendance: list[dict], days: int = 3) -> None:
    for day in range(days):
        body = {"held_on": f"2025-02-{11 + 7 * day}", "attendance": attendance}
        await network.ok("POST", f"/api/v1/activities/{activity_id}/sessions", 201, json=body)


def resident(client_id: str, brought_by: str | None = None) -> dict:
    found: dict = {"kind": "resident", "client_id": client_id}
    return found | ({"brought_by": {"client_id": brought_by}} if brought_by else {})


async def test_the_district_analysis_names_who_stays_apart_and_who_brings_others_in(network):
    network_id, clients = await housed_network(network, 7, "jaala")
    bringer, b1, b2, b3, d1, d2, apart = clients
    url = f"/api/v1/housing-networks/{network_id}/activities"
    club = await network.ok("POST", url, 201, json=activity([bringer, b1]))
    dinner = await network.ok("POST", url, 201, json=activity([d1], title="Päivällinen"))
    brought = [resident(b, brought_by=bringer) for b in (b1, b2, b3)]
    await sessions_of(network, club["id"], [resident(bringer), *brought])
    await sessions_of(network, dinner["id"], [resident(bringer), resident(d1), resident(d2)])
    # The bringer also has a personal map in the district: still one node.
    own_map = {"client_id": bringer, "region": "kymenlaakso", "district": "jaala"}
    await network.ok("POST", "/api/v1/maps", 201, json=own_map)

    async with network.runtime.sessions() as session:
        ties = await participation_ties(session, "kymenlaakso", "jaala")
    members = {t.person_ref for t in ties if t.kind == "resident"}
    taking_part = {t.person_ref for t in ties if t.kind != "resident"}
    assert members - taking_part == {f"client:{apart}"}
    brings = {(t.person_ref, t.activity_ref): t.weight for t in ties if t.kind == "brought"}
    assert brings == {(f"client:{bringer}", f"client:{b}"): 3.0 for b in (b1, b2, b3)}

    analysis = await network.ok(
        "GET", "/api/v1/districts/jaala/analysis", params={"region": "kymenlaakso"}
    )
    # Residents are numbered by client id, so the answer names no client.
    number = {c: f"resident:{n}" for n, c in enumerate(sorted(clients), start=1)}
    assert [n["node"] for n in analysis["isolates"]["nodes"]] == [number[apart]]
    assert analysis["key_persons"]["betweenness"][0]["node"] == number[bringer]
    top_residents = [
        n["node"] for n in analysis["key_persons"]["degree"] if n["kind"] == "resident"
    ]
    assert top_residents[0] == number[bringer]
    assert str(bringer) not in str(analysis)
    assert analysis["kinds"]["resident"] == len(clients)
