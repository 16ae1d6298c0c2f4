"""Search and matching never show a person whose inclusion consent is not in force, through the
real card API and consent service: after a withdrawal (the card is erased), and after an expiry
before any event has arrived (the query itself leaves the person out)."""

from datetime import UTC, datetime, timedelta
from typing import Any

NEED = {"life_area": "leisure", "district": "kuusankoski", "weekday": 2}


async def names_found(platform: Any, name: str) -> list[str]:
    """Return the titles a search for the person's surname-and-number lists."""
    page = await platform.resources.ok("GET", "/api/v1/search", params={"q": name})
    return [hit["title_fi"] for hit in page["items"]]


async def matched(platform: Any, card_id: str) -> bool:
    """Tell whether a Tuesday-evening need in Kuusankoski lists the card."""
    need = NEED | {"start": "18:00", "end": "19:00", "limit": 50, "card_type": "citizen"}
    body = await platform.resources.ok("POST", "/api/v1/match", json=need)
    return card_id in {hit["card_id"] for hit in body["items"]}


async def test_a_withdrawn_person_is_not_found_by_name_or_matched(platform):
    subject = await platform.subject()
    consent = await platform.grant_inclusion(subject)
    person = platform.citizen_body(subject, life_areas=["leisure"])
    card = await platform.resources.ok("POST", "/api/v1/citizen-cards", 201, json=person)
    assert await names_found(platform, person["name"]) == [person["name"]]
    assert await matched(platform, card["id"])

    await platform.withdraw(consent["id"])

    async def erased() -> bool:
        read = await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}")
        return read["personal_data"] == "erased"

    await platform.eventually(erased, timeout=30)
    assert await names_found(platform, person["name"]) == []
    page = await platform.resources.ok("GET", "/api/v1/search", params={"q": "uimahallissa"})
    assert card["id"] not in {hit["card_id"] for hit in page["items"]}
    assert person["name"] not in str(page)
    assert not await matched(platform, card["id"])


async def test_an_expired_person_is_left_out_at_once_before_any_event(start_platform):
    async with start_platform(consent_overrides={"expiry_sweep_seconds": 3600}) as platform:
        subject = await platform.subject()
        until = datetime.now(UTC) + timedelta(seconds=2)
        await platform.grant_inclusion(subject, valid_until=until.isoformat())
        person = platform.citizen_body(subject, life_areas=["leisure"])
        card = await platform.resources.ok("POST", "/api/v1/citizen-cards", 201, json=person)
        assert await names_found(platform, person["name"]) == [person["name"]]
        assert await matched(platform, card["id"])

        async def past() -> bool:
            return datetime.now(UTC) > until

        await platform.eventually(past, timeout=10)
        assert await names_found(platform, person["name"]) == []
        assert not await matched(platform, card["id"])
