"""Housing networks: area codes, the coordinator's history, residents one network at a time,
organisation ownership, the caller's region on lists, and events keyed by network without personal data."""

import json
from uuid import UUID

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from network.models import metadata
from tukiverkko_common.contracts.plans import new_worker_id
from tukiverkko_common.ids import new_id
from tukiverkko_common.ownership import AccessScope

PRODUCER = "01900000-0000-7000-8000-00000000c001"
COORDINATOR_ORG = "01900000-0000-7000-8000-00000000c002"
ADDRESS = "Kauppalankatu 5 B 12"


async def new_network(network, **fields) -> dict:
    body = {
        "name": "Kuusankosken asuntoverkosto",
        "region": "kymenlaakso",
        "municipality": "286",
        "districts": ["kuusankoski"],
        "producer_organisation_ids": [PRODUCER],
    } | fields
    return await network.ok("POST", "/api/v1/housing-networks", 201, json=body)


async def problem_field(network, method: str, url: str, body: dict) -> str:
    response = await network.http.request(method, url, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()["errors"][0]["field"]


async def test_area_codes_are_checked_naming_the_field(network):
    url = "/api/v1/housing-networks"
    base = {"name": "X", "region": "kymenlaakso", "municipality": "286"}
    assert (
        await problem_field(network, "POST", url, base | {"municipality": "491"}) == "municipality"
    )
    assert (
        await problem_field(network, "POST", url, base | {"districts": ["mikkeli-keskusta"]})
        == "districts"
    )
    assert await problem_field(network, "POST", url, base | {"region": "narnia"}) == "region"


async def test_numbers_and_dates_are_written_as_such(network):
    created = await new_network(network)
    url = f"/api/v1/housing-networks/{created['id']}/coordinators"
    body = {"worker_id": new_worker_id(), "organisation_id": COORDINATOR_ORG, "from_on": 0}
    assert await problem_field(network, "POST", url, body) == "from_on"
    apartment = {
        "address": ADDRESS,
        "postal_code": "45700",
        "latitude": "60.9",
        "longitude": 26.6,
        "housing_unit_code": "286-0042-B12",
        "owner_kind": "housing_company",
    }
    apartments = f"/api/v1/housing-networks/{created['id']}/apartments"
    assert await problem_field(network, "POST", apartments, apartment) == "latitude"


async def test_the_coordinator_changes_with_a_history_and_events_carry_no_personal_data(network):
    created = await new_network(network)
    url = f"/api/v1/housing-networks/{created['id']}/coordinators"
    first, second = new_worker_id(), new_worker_id()
    body = {"worker_id": first, "organisation_id": COORDINATOR_ORG, "from_on": "2025-01-01"}
    await network.ok("POST", url, 201, json=body)
    assert await problem_field(network, "POST", url, body | {"worker_id": second}) == "from_on"
    assert await problem_field(network, "POST", url, body | {"worker_id": "Maija M"}) == "worker_id"
    await network.ok("POST", url, 201, json=body | {"worker_id": second, "from_on": "2025-06-01"})
    history = await network.ok("GET", url)
    assert [(t["worker_id"], t["to_on"]) for t in history] == [
        (first, "2025-05-31"),
        (second, None),
    ]
    read = await network.ok("GET", f"/api/v1/housing-networks/{created['id']}")
    assert read["coordinator_worker_id"] == second
    await network.ok(
        "POST",
        f"/api/v1/housing-networks/{created['id']}/apartments",
        201,
        json={
            "address": ADDRESS,
            "postal_code": "45700",
            "latitude": 60.9,
            "longitude": 26.6,
            "housing_unit_code": "286-0042-B12",
            "owner_kind": "housing_company",
        },
    )
    events = await _outbox(network, created["id"])
    assert [e["type"].split(".")[-2] for e in events] == [
        "network_created",
        "coordinator_assigned",
        "coordinator_assigned",
    ]
    assert events[2]["data"]["previous_worker_id"] == first
    assert all("Kuusankosken" not in e["raw"] and ADDRESS not in e["raw"] for e in events)


async def test_a_client_lives_in_one_network_at_a_time(network):
    one, other = await new_network(network), await new_network(network)
    client = str(new_id())
    residents = f"/api/v1/housing-networks/{one['id']}/residents"
    moved = await network.ok(
        "POST", residents, 201, json={"client_id": client, "moved_in_on": "2025-01-01"}
    )
    elsewhere = f"/api/v1/housing-networks/{other['id']}/residents"
    overlapping = {"client_id": client, "moved_in_on": "2025-03-01"}
    assert await problem_field(network, "POST", elsewhere, overlapping) == "moved_in_on"
    move_out = f"/api/v1/residencies/{moved['id']}/move-out"
    await network.ok("POST", move_out, json={"moved_out_on": "2025-02-28"})
    await network.ok("POST", elsewhere, 201, json=overlapping)
    # Moving the first residency's end into the second one is an overlap too.
    assert (
        await problem_field(network, "POST", move_out, {"moved_out_on": "2025-04-01"})
        == "moved_out_on"
    )
    kinds = [e["type"].split(".")[-2] for e in await _outbox(network, one["id"])]
    assert kinds[-2:] == ["resident_moved_in", "resident_moved_out"]


async def test_ownership_answers_the_network_region_owner_and_those_taking_part(network):
    created = await new_network(network)
    url = f"/api/v1/housing-networks/{created['id']}/coordinators"
    body = {
        "worker_id": new_worker_id(),
        "organisation_id": COORDINATOR_ORG,
        "from_on": "2025-01-01",
    }
    await network.ok("POST", url, 201, json=body)
    found = await network.ok("GET", f"/api/v1/ownership/housing_network/{created['id']}")
    assert found["client_id"] is None and found["region"] == "kymenlaakso"
    assert set(found["organisation_ids"]) == {PRODUCER, COORDINATOR_ORG}
    client = str(new_id())
    residency = await network.ok(
        "POST",
        f"/api/v1/housing-networks/{created['id']}/residents",
        201,
        json={"client_id": client, "moved_in_on": "2025-01-01"},
    )
    answered = await network.ok("GET", f"/api/v1/ownership/residency/{residency['id']}")
    assert answered["client_id"] == client
    missing = await network.http.get(f"/api/v1/ownership/housing_network/{new_id()}")
    assert missing.status_code == 404


async def test_the_list_holds_only_the_callers_region(network):
    created = await new_network(network)

    async def listed(scope: AccessScope) -> set[str]:
        page = await network.ok(
            "GET",
            "/api/v1/housing-networks",
            params={"limit": 200},
            headers={"x-access-scope": scope.header()},
        )
        return {n["id"] for n in page["items"]}

    assert created["id"] in await listed(AccessScope(regions=("kymenlaakso",)))
    assert created["id"] not in await listed(AccessScope(regions=("etela-savo",)))
    assert await listed(AccessScope()) == set()
    # A producer taking part sees it from another region; an unrelated organisation does not.
    producer = AccessScope(regions=("etela-savo",), related_to=UUID(PRODUCER))
    assert created["id"] in await listed(producer)
    stranger = AccessScope(regions=("etela-savo",), related_to=new_id())
    assert created["id"] not in await listed(stranger)


async def _outbox(network, network_id: str) -> list[dict]:
    outbox = network.runtime.spec.tables.outbox
    async with network.runtime.sessions() as session:
        rows = (await session.execute(outbox.select().order_by(outbox.c.seq))).all()
    return [
        {"type": r.event_type, "data": json.loads(r.payload), "raw": r.payload}
        for r in rows
        if r.key == network_id
    ]


async def test_the_housing_migration_creates_exactly_the_modelled_tables(network):
    async with network.runtime.engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
        )
    housing = [d for d in diff if any(t in str(d) for t in HOUSING_TABLES)]
    assert housing == []


HOUSING_TABLES = (
    "housing_",
    "community_activities",
    "activity_sessions",
    "activity_attendance",
    "selfmonitoring_versions",
)
