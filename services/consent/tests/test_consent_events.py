"""What other services see: consent events on the real broker, and clients learnt from plans events."""

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import select

from consent.config import ConsentSettings
from consent.models import messaging, subjects
from consent.service.expiry import ExpirySweeper
from tukiverkko_common.contracts.consent import TOPIC
from tukiverkko_common.contracts.plans import ClientRegistered
from tukiverkko_common.db import create_engine, session_factory
from tukiverkko_common.ids import new_id
from tukiverkko_common.uow import UnitOfWork

GRANTED = "fi.tukiverkko.consent.granted.v1"
WITHDRAWN = "fi.tukiverkko.consent.withdrawn.v1"
EXPIRED = "fi.tukiverkko.consent.expired.v1"
CHANGED = "fi.tukiverkko.consent.changed.v1"


def types_seen(*wanted: str):
    return lambda events: all(w in [e["type"] for e in events] for w in wanted)


async def test_consent_granted_event_carries_scope_and_guardian_basis(consent, broker_io):
    subject = await consent.subject("resource_file_citizen")
    given_by = {"role": "guardian", "representation_basis": "parental_custody"}
    record = await consent.grant(
        subject, given_by=given_by, data_categories=["plan", "network_map"]
    )
    (event,) = await broker_io.events(TOPIC, subject, until=types_seen(GRANTED))
    assert event["headers"]["ce_subject"] == subject and event["headers"]["ce_specversion"] == "1.0"
    assert event["data"] | {"valid_from": None} == {
        "consent_id": record["id"],
        "subject_id": subject,
        "subject_kind": "resource_file_citizen",
        "purpose": "network_sharing",
        "data_categories": ["plan", "network_map"],
        "recipients": ["team"],
        "valid_from": None,
        "valid_until": None,
        "given_by_role": "guardian",
        "representation_basis": "parental_custody",
    }


async def test_consent_withdrawal_is_published_and_the_next_decision_denies(consent, broker_io):
    subject = await consent.subject()
    record = await consent.grant(subject)
    assert (await consent.decide(subject, "network_sharing", "contact_details", "team"))[
        "decision"
    ] == "permit"
    response = await consent.http.post(
        f"/api/v1/consents/{record['id']}/withdraw", json={"reason": "peruttu puhelimessa"}
    )
    assert response.status_code == 200
    assert (await consent.decide(subject, "network_sharing", "contact_details", "team"))[
        "decision"
    ] == "deny"
    events = await broker_io.events(TOPIC, subject, until=types_seen(GRANTED, WITHDRAWN))
    withdrawn = next(e for e in events if e["type"] == WITHDRAWN)
    assert withdrawn["data"]["consent_id"] == record["id"]
    assert (
        withdrawn["data"]["withdrawn_at"].replace("+00:00", "Z")
        == response.json()["withdrawal"]["withdrawn_at"]
    )
    assert "peruttu" not in str(withdrawn), "the free-text reason never leaves the service"
    assert [e["type"] for e in events] == [GRANTED, WITHDRAWN], "keyed by subject, so in order"


async def test_consent_expiry_is_published_without_any_api_call(consent, broker_io):
    subject = await consent.subject()
    until = datetime.now(UTC) + timedelta(seconds=1)
    record = await consent.grant(subject, valid_until=until.isoformat())
    events = await broker_io.events(TOPIC, subject, until=types_seen(GRANTED, EXPIRED), timeout=20)
    expired = next(e for e in events if e["type"] == EXPIRED)
    assert expired["data"]["consent_id"] == record["id"]
    assert datetime.fromisoformat(expired["data"]["expired_at"]) >= until
    stored = await consent.get(f"/api/v1/consents/{record['id']}")
    assert stored["status"] == "expired" and stored["expired_at"] is not None


async def test_consent_expiry_from_several_processes_publishes_each_consent_once(
    consent, broker_io
):
    subject = await consent.subject()
    until = datetime.now(UTC) + timedelta(milliseconds=600)
    made = [
        await consent.grant(subject, valid_until=until.isoformat(), notice_version=f"v{n}")
        for n in range(6)
    ]
    # Two more "processes" (own engines and sessions) sweep alongside the app's own sweeper.
    engines = [create_engine(consent.settings.effective_database_url) for _ in range(2)]
    try:
        sweepers = [_sweeper(engine, consent.settings) for engine in engines]
        await consent.eventually(lambda: _all_swept(sweepers, until), timeout=10)
    finally:
        for engine in engines:
            await engine.dispose()
    events = await broker_io.events(
        TOPIC, subject, until=lambda evs: sum(e["type"] == EXPIRED for e in evs) >= 6
    )
    expired_ids = sorted(e["data"]["consent_id"] for e in events if e["type"] == EXPIRED)
    assert expired_ids == sorted(m["id"] for m in made), "each consent expired exactly once"
    async with consent.runtime.sessions() as session:
        rows = (
            await session.execute(select(messaging.outbox.c.key, messaging.outbox.c.event_type))
        ).all()
    assert sum(1 for r in rows if r.key == subject and r.event_type == EXPIRED) == 6


def _sweeper(engine, settings: ConsentSettings) -> ExpirySweeper:
    sessions = session_factory(engine)
    return ExpirySweeper(
        engine=engine,
        settings=settings,
        uow_factory=lambda: UnitOfWork(sessions, messaging, source="/test"),
    )


async def _all_swept(sweepers: list[ExpirySweeper], until: datetime) -> bool:
    if datetime.now(UTC) <= until:
        return False
    await asyncio.gather(*(s.sweep() for s in sweepers))
    return True


async def test_consent_change_is_published(consent, broker_io):
    subject = await consent.subject()
    record = await consent.grant(subject, data_categories=["contact_details", "identity"])
    response = await consent.http.patch(
        f"/api/v1/consents/{record['id']}", json={"data_categories": ["identity"]}
    )
    assert response.status_code == 200
    events = await broker_io.events(TOPIC, subject, until=types_seen(GRANTED, CHANGED))
    changed = next(e for e in events if e["type"] == CHANGED)
    assert changed["data"]["data_categories"] == ["identity"]


async def test_consent_learns_clients_from_plans_events_once(consent, broker_io):
    client_id = new_id()
    payload = ClientRegistered(
        client_id=client_id, municipality="Kouvola", registered_at=datetime.now(UTC)
    )
    refused = await consent.http.post(
        "/api/v1/consents",
        json={
            "subject_id": str(client_id),
            "purpose": "plan_sharing_with_provider",
            "data_categories": ["plan"],
            "recipients": [str(new_id())],
            "given_by": {"role": "subject"},
            "collection_method": "oral",
            "notice_version": "v1",
            "notice_language": "fi",
        },
    )
    assert refused.status_code == 422, (
        "before the plans service announces the client, it is unknown"
    )
    envelope = await broker_io.publish(payload, key=str(client_id))
    await broker_io.publish(payload, key=str(client_id), envelope=envelope)  # delivered twice
    # A later event on the same key (same partition) proves the duplicate before it was consumed.
    marker = ClientRegistered(
        client_id=new_id(), municipality="Kouvola", registered_at=datetime.now(UTC)
    )
    await broker_io.publish(marker, key=str(client_id))
    assert (await consent.eventually(lambda: _known(consent, client_id), timeout=30))[
        "kind"
    ] == "client"
    await consent.eventually(lambda: _known(consent, marker.client_id), timeout=30)
    assert await consent.count(subjects, id=UUID(str(client_id))) == 1
    assert await consent.count(messaging.inbox, event_id=envelope.id) == 1
    record = await consent.grant(
        str(client_id),
        purpose="plan_sharing_with_provider",
        data_categories=["plan"],
        recipients=[str(new_id())],
    )
    assert record["subject_kind"] == "client"


async def _known(consent, subject_id) -> dict | bool:
    response = await consent.http.get(f"/api/v1/subjects/{subject_id}")
    return response.status_code == 200 and response.json()
