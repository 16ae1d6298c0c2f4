"""Organisation cards, held cards, the activity log, events, statistics, staleness and districts."""

from datetime import timedelta
from uuid import UUID

from sqlmodel import select

from resources.models import Card
from resources.service.stale import announce_stale
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.resources import (
    TOPIC,
    CardArchived,
    CardCreated,
    CardStale,
    CardUpdated,
)
from tukiverkko_common.ids import new_id

WORKER = "wrk_0193c6a1f5e87a2c9d1e4b7f60a3c2d8"


async def test_an_invalid_business_id_is_refused_naming_the_field(platform):
    for wrong in ("1572860-1", "1572860", "ABCDEFG-0"):
        response = await platform.resources.http.post(
            "/api/v1/organisation-cards", json=platform.organisation_body(business_id=wrong)
        )
        assert response.status_code == 422, wrong
        assert [e["field"] for e in response.json()["errors"]] == ["business_id"]


async def test_a_district_outside_the_region_and_bad_coordinates_are_refused(platform):
    body = platform.organisation_body(districts=["helsinki-kallio"])
    response = await platform.resources.http.post("/api/v1/organisation-cards", json=body)
    assert response.status_code == 422 and "helsinki-kallio" in response.text
    address = platform.organisation_body()["address"] | {"latitude": 91}
    body = platform.organisation_body(address=address)
    response = await platform.resources.http.post("/api/v1/organisation-cards", json=body)
    assert response.status_code == 422 and "latitude" in response.text


async def test_an_organisation_card_keeps_offers_needs_and_publishes_its_life(platform):
    card = await platform.resources.ok(
        "POST", "/api/v1/organisation-cards", 201, json=platform.organisation_body()
    )
    assert card["business_id"] == "1572860-0" and card["personal_data"] == "none"
    assert [o["name_fi"] for o in card["offers"]] == ["Ohjattu vesijumppa"]
    assert [n["name_fi"] for n in card["needs"]] == ["Vapaaehtoisia saattajia"]
    assert card["life_areas"] == ["leisure", "participation"] and card["latitude"] == 60.9
    changed = await platform.resources.ok(
        "PATCH", f"/api/v1/organisation-cards/{card['id']}", 200,
        json={"needs": [], "responsible_worker_id": WORKER},
    )  # fmt: skip
    assert (
        changed["needs"] == [] and changed["offers"] and changed["responsible_worker_id"] == WORKER
    )
    await platform.resources.ok("POST", f"/api/v1/cards/{card['id']}/archive")
    events = await platform.topic_events(
        TOPIC, card["id"], until=lambda es: any(e["type"] == CardArchived.event_type for e in es)
    )
    assert [e["type"] for e in events][:2] == [CardCreated.event_type, CardUpdated.event_type]
    assert all(set(e["data"]) <= {"card_id", "card_type", "region", "districts"} for e in events), (
        "no names or free text in card events"
    )
    await platform.resources.ok(
        "PATCH", f"/api/v1/organisation-cards/{card['id']}", 409, json={"name_fi": "Uusi"}
    )


async def test_a_worker_id_must_be_opaque(platform):
    body = platform.organisation_body(responsible_worker_id="Maija Meikäläinen")
    response = await platform.resources.http.post("/api/v1/organisation-cards", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "responsible_worker_id"


async def test_the_activity_log_sets_the_last_contact(platform):
    card = await platform.resources.ok(
        "POST", "/api/v1/organisation-cards", 201, json=platform.organisation_body()
    )
    for day in ("2026-10-01", "2026-11-15", "2026-09-01"):
        await platform.resources.ok(
            "POST", f"/api/v1/cards/{card['id']}/activities", 201,
            json={"occurred_on": day, "worker_id": WORKER, "kind": "meeting", "what": "tapaaminen"},
        )  # fmt: skip
    read = await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}")
    assert read["last_contact_on"] == "2026-11-15"
    log = await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}/activities")
    assert [e["occurred_on"] for e in log] == ["2026-11-15", "2026-10-01", "2026-09-01"]


async def test_statistics_count_suppressed_cards_without_their_data(platform):
    subject = await platform.subject()
    consent = await platform.grant_inclusion(subject)
    person = platform.citizen_body(subject)
    card = await platform.resources.ok("POST", "/api/v1/citizen-cards", 201, json=person)
    await platform.withdraw(consent["id"])

    async def erased() -> bool:
        read = await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}")
        return read["personal_data"] == "erased"

    await platform.eventually(erased)
    stats = await platform.resources.ok("GET", "/api/v1/statistics")
    assert stats["by_status"].get("suppressed", 0) >= 1
    assert any(
        r["card_type"] == "citizen"
        and r["status"] == "suppressed"
        and r["district"] == "kuusankoski"
        for r in stats["rows"]
    )
    assert person["name"] not in str(stats)


async def test_a_stale_card_is_listed_for_its_responsible_person_and_announced_once(platform):
    card = await platform.resources.ok(
        "POST", "/api/v1/organisation-cards", 201,
        json=platform.organisation_body(responsible_worker_id=WORKER),
    )  # fmt: skip
    listed = await platform.resources.ok("GET", f"/api/v1/stale-cards?responsible={WORKER}")
    assert card["id"] not in [s["card"]["id"] for s in listed]
    runtime = platform.resources.runtime
    async with runtime.uow() as uow:
        row = await uow.session.get(Card, UUID(card["id"]))
        assert row is not None
        row.updated_at = row.created_at = utcnow() - timedelta(days=400)
        uow.session.add(row)
        await uow.commit()
    listed = await platform.resources.ok("GET", f"/api/v1/stale-cards?responsible={WORKER}")
    entry = next(s for s in listed if s["card"]["id"] == card["id"])
    assert entry["unchanged_days"] >= 399 and entry["uncontacted_days"] is None
    settings = platform.settings
    await announce_stale(runtime.uow, settings, utcnow())
    await announce_stale(runtime.uow, settings, utcnow())
    async with runtime.sessions() as session:
        stamp = (await session.exec(select(Card).where(Card.id == UUID(card["id"])))).one()
        assert stamp.stale_notified_at is not None
    events = await platform.topic_events(
        TOPIC, card["id"], until=lambda es: any(e["type"] == CardStale.event_type for e in es)
    )
    assert [e["type"] for e in events].count(CardStale.event_type) == 1


async def test_districts_carry_finders_key_persons_networks_and_notes(platform):
    card = await platform.resources.ok(
        "POST", "/api/v1/organisation-cards", 201, json=platform.organisation_body()
    )
    await platform.resources.ok(
        "POST", "/api/v1/district-assignments", 200,
        json={"region": "kymenlaakso", "district": "kuusankoski",
              "finder_worker_ids": [WORKER], "key_person_card_ids": [card["id"]]},
    )  # fmt: skip
    await platform.resources.ok(
        "POST", "/api/v1/district-networks", 201,
        json={"region": "kymenlaakso", "district": "kuusankoski", "name": "Kuusankosken aikapankki",
              "kind": "time_bank", "card_ids": [card["id"]]},
    )  # fmt: skip
    await platform.resources.ok(
        "POST", "/api/v1/district-notes", 201,
        json={"region": "kymenlaakso", "district": "kuusankoski", "noted_on": "2026-11-20",
              "text": "Kirjaston kerho alkaa tammikuussa"},
    )  # fmt: skip
    listed = await platform.resources.ok("GET", "/api/v1/districts?region=kymenlaakso")
    district = next(d for d in listed if d["code"] == "kuusankoski")
    assert district["name_fi"] == "Kuusankoski" and district["finder_worker_ids"] == [WORKER]
    assert district["key_person_card_ids"] == [card["id"]]
    assert district["networks"][0]["kind"] == "time_bank"
    assert district["notes"][0]["text"].startswith("Kirjaston")
    response = await platform.resources.http.post(
        "/api/v1/district-assignments",
        json={
            "region": "kymenlaakso",
            "district": "kuusankoski",
            "key_person_card_ids": [str(new_id())],
        },
    )
    assert (
        response.status_code == 422
        and response.json()["errors"][0]["field"] == "key_person_card_ids"
    )


async def test_statistics_count_a_card_once_and_under_each_of_its_districts(platform):
    async def counts() -> dict:
        return await platform.resources.ok("GET", "/api/v1/statistics")

    before = await counts()
    body = platform.organisation_body(districts=["kuusankoski", "valkeala"], business_id=None)
    await platform.resources.ok("POST", "/api/v1/organisation-cards", 201, json=body)
    after = await counts()
    assert after["total"] == before["total"] + 1
    assert after["by_type"]["organisation"] == before["by_type"].get("organisation", 0) + 1
    for district in ("kuusankoski", "valkeala"):
        assert after["by_district"][district] == before["by_district"].get(district, 0) + 1

    def row(stats: dict, district: str) -> int:
        keys = {"card_type": "organisation", "status": "active", "district": district}
        return sum(r["count"] for r in stats["rows"] if keys.items() <= r.items())

    assert row(after, "valkeala") == row(before, "valkeala") + 1
