"""The consent gate: a card about a person exists only while they consent to be in the resource file.

Written as attacks first: a worker creating a card without consent, a reader after withdrawal,
a reader after expiry before any event arrived, and a duplicate withdrawal event.
"""

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID

import httpx
import pytest
from sqlalchemy import select

from resources.config import ResourcesSettings
from resources.models import InclusionConsent, messaging
from resources.service.consent_gate import ConsentGate
from tukiverkko_common.contracts.consent import TOPIC as CONSENT_TOPIC
from tukiverkko_common.contracts.consent import ConsentWithdrawn
from tukiverkko_common.contracts.resources import TOPIC, CardSuppressed
from tukiverkko_common.ids import new_id
from tukiverkko_common.problems import Problem

outbox = messaging.outbox


def leaks(body: object, person: dict) -> bool:
    """Tell whether a response body carries the person's name or phone number."""
    text = str(body)
    return person["name"] in text or person["contact"]["phone"] in text


async def test_a_citizen_card_without_inclusion_consent_is_refused_naming_the_consent(platform):
    subject = await platform.subject()
    response = await platform.resources.http.post(
        "/api/v1/citizen-cards", json=(person := platform.citizen_body(subject))
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"].endswith("/inclusion-consent-missing")
    assert "resource_file_inclusion" in problem["detail"]
    assert problem["errors"][0]["field"] == "subject_id"
    page = await platform.resources.ok("GET", "/api/v1/cards?card_type=citizen")
    assert not leaks(page, person)


async def test_a_consent_for_another_purpose_does_not_let_a_card_in(platform):
    subject = await platform.subject()
    await platform.grant_inclusion(subject, purpose="network_sharing")
    response = await platform.resources.http.post(
        "/api/v1/citizen-cards", json=platform.citizen_body(subject)
    )
    assert response.status_code == 409


async def test_with_inclusion_consent_the_card_is_created_and_read_with_its_data(platform):
    subject = await platform.subject()
    await platform.grant_inclusion(subject)
    card = await platform.resources.ok(
        "POST", "/api/v1/citizen-cards", 201, json=(person := platform.citizen_body(subject))
    )
    assert card["personal_data"] == "present"
    read = await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}")
    assert read["name_fi"] == person["name"]
    assert "contact" not in read["details"], "contact details only through /contact"
    contact = await platform.resources.ok("GET", f"/api/v1/citizen-cards/{card['id']}/contact")
    assert contact["name"] == person["name"]
    assert contact["contact"]["phone"] == person["contact"]["phone"]


async def consumer_live(platform) -> None:
    """Wait until the service consumes consent events (a fresh consumer first joins its group)."""
    sentinel = await platform.grant_inclusion(await platform.subject())

    async def mirrored() -> bool:
        async with platform.resources.runtime.sessions() as session:
            return await session.get(InclusionConsent, UUID(sentinel["id"])) is not None

    await platform.eventually(mirrored, timeout=30)


async def test_withdrawal_erases_the_persons_data_within_seconds_and_says_so(platform):
    await consumer_live(platform)
    subject = await platform.subject()
    consent = await platform.grant_inclusion(subject)
    card = await platform.resources.ok(
        "POST", "/api/v1/citizen-cards", 201, json=(person := platform.citizen_body(subject))
    )
    skill = await platform.resources.ok(
        "POST", f"/api/v1/cards/{card['id']}/competence-cards", 201,
        json={"competence": "languages", "preferences": "Testi puhuu ruotsia"},
    )  # fmt: skip
    await platform.resources.ok(
        "POST", f"/api/v1/cards/{card['id']}/activities", 201,
        json={"occurred_on": "2026-11-02", "what": "Soitin Testi Uimarille", "outcome": "sovittu"},
    )  # fmt: skip
    await platform.withdraw(consent["id"])
    started = asyncio.get_running_loop().time()

    async def erased() -> bool:
        read = await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}")
        return read["personal_data"] == "erased"

    await platform.eventually(erased, timeout=5)
    assert asyncio.get_running_loop().time() - started < 5
    reads = [
        await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}"),
        await platform.resources.ok("GET", f"/api/v1/cards/{skill['id']}"),
        await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}/activities"),
        await platform.resources.ok("GET", "/api/v1/cards?card_type=citizen&limit=500"),
    ]
    assert not any(leaks(r, person) for r in reads)
    assert "Testi puhuu ruotsia" not in str(reads[1])
    assert reads[1]["competences"] == ["languages"] and reads[1]["personal_data"] == "erased"
    assert reads[0]["districts"] == ["kuusankoski"]
    await platform.resources.ok("GET", f"/api/v1/citizen-cards/{card['id']}/contact", 409)
    events = await platform.topic_events(
        TOPIC, card["id"],
        until=lambda es: any(e["type"] == CardSuppressed.event_type for e in es),
    )  # fmt: skip
    suppressed = next(e for e in events if e["type"] == CardSuppressed.event_type)
    assert set(suppressed["data"]) == {"card_id", "card_type", "region", "districts", "reason"}
    assert suppressed["data"]["reason"] == "consent_withdrawn"


async def test_an_expired_consent_masks_the_person_at_once_even_before_its_event(start_platform):
    # The consent service's expiry sweep is off: no event will come; the read alone must mask.
    async with start_platform(consent_overrides={"expiry_sweep_seconds": 3600}) as platform:
        subject = await platform.subject()
        until = datetime.now(UTC) + timedelta(seconds=2)
        await platform.grant_inclusion(subject, valid_until=until.isoformat())
        card = await platform.resources.ok(
            "POST", "/api/v1/citizen-cards", 201, json=(person := platform.citizen_body(subject))
        )
        assert card["personal_data"] == "present"

        async def past() -> bool:
            return datetime.now(UTC) > until

        await platform.eventually(past, timeout=10)
        read = await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}")
        assert read["personal_data"] == "masked" and not leaks(read, person)
        await platform.resources.ok("GET", f"/api/v1/citizen-cards/{card['id']}/contact", 409)
        await platform.resources.ok(
            "PATCH", f"/api/v1/citizen-cards/{card['id']}", 409, json={"name": "Uusi Nimi"}
        )


async def test_a_duplicate_withdrawal_event_suppresses_nothing_twice(platform):
    subject = await platform.subject()
    consent = await platform.grant_inclusion(subject)
    card = await platform.resources.ok(
        "POST", "/api/v1/citizen-cards", 201, json=(person := platform.citizen_body(subject))
    )
    await platform.withdraw(consent["id"])
    withdrawn = await platform.topic_events(
        CONSENT_TOPIC, subject,
        until=lambda es: any(e["type"] == ConsentWithdrawn.event_type for e in es),
    )  # fmt: skip
    await platform.redeliver(CONSENT_TOPIC, subject, withdrawn[-1])
    # A later inclusion consent of the same person, on the same key and so the same partition,
    # is handled only after the duplicate: once it is mirrored, the duplicate was handled.
    later = await platform.grant_inclusion(subject)

    async def later_mirrored() -> bool:
        async with platform.resources.runtime.sessions() as session:
            return await session.get(InclusionConsent, UUID(later["id"])) is not None

    await platform.eventually(later_mirrored)
    async with platform.resources.runtime.sessions() as session:
        rows = await session.execute(select(outbox.c.event_type).where(outbox.c.key == card["id"]))
        types = [r[0] for r in rows]
    assert types.count(CardSuppressed.event_type) == 1, types
    read = await platform.resources.ok("GET", f"/api/v1/cards/{card['id']}")
    assert read["personal_data"] == "erased" and not leaks(read, person)


async def test_a_consent_service_that_cannot_answer_creates_nothing():
    # Deny by default: an error or an unreachable consent service is a 503, never a card.
    def failing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"type": "about:blank"})

    settings = ResourcesSettings(environment="development")
    for transport in (httpx.MockTransport(failing), httpx.MockTransport(_unreachable)):
        gate = ConsentGate(settings, transport)
        with pytest.raises(Problem) as refused:
            await gate.inclusion(subject_id=new_id(), keeper=new_id())
        assert refused.value.status == 503
        await gate.close()


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)
