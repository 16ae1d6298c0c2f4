"""Dashboards: the pseudonymised event stream over SSE, filtered by scope, resumable."""

from datetime import UTC, datetime
from uuid import uuid4

from gateway_events import SseReader, publish
from gateway_harness import Gateway, wait_until

from gateway.pseudonym import Pseudonymiser
from tukiverkko_common.contracts.consent import ConsentGranted
from tukiverkko_common.contracts.plans import ClientRegistered, ReferralAnswered, VisitRecorded

NOW = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)


def _events(client_id):
    return [
        ClientRegistered(
            client_id=client_id, municipality="286", district="kuusankoski", registered_at=NOW
        ),
        VisitRecorded(
            client_id=client_id,
            plan_id=uuid4(),
            visit_id=uuid4(),
            occurred_at=NOW,
            minutes=45,
            method="home_visit",
            worker_id="wrk_" + "7" * 32,
            goal_ids=[uuid4(), uuid4()],
        ),
        ReferralAnswered(
            client_id=client_id,
            plan_id=uuid4(),
            referral_id=uuid4(),
            organisation_id=uuid4(),
            status="declined",
            decline_reason="Asiakas kertoi terveydentilastaan puhelimessa",
            answered_at=NOW,
        ),
    ]


async def test_a_dashboard_sees_pseudonymised_plan_events_and_not_consent_events(
    fake_gateway: Gateway, bootstrap_servers: str
):
    dashboard = await fake_gateway.register(
        "Kymenlaakson tilannekuva", "dashboard", scopes=["stream:plans"]
    )
    client_id = uuid4()
    subject = Pseudonymiser(fake_gateway.settings.pseudonym_key.get_secret_value()).subject(
        client_id
    )
    async with fake_gateway.http.stream(
        "GET", "/api/v1/events/stream", headers=await dashboard.headers()
    ) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        consent = ConsentGranted(
            consent_id=uuid4(),
            subject_id=client_id,
            subject_kind="client",
            purpose="statistics",
            data_categories=["plan"],
            recipients=["team"],
            valid_from=NOW,
            given_by_role="subject",
        )
        await publish(bootstrap_servers, consent, source="/tukiverkko/consent")
        await publish(bootstrap_servers, *_events(client_id))
        messages = await _until_subject(stream, subject, 3)
    assert [m["event"] for m in messages] == [
        "fi.tukiverkko.plans.client_registered.v1",
        "fi.tukiverkko.plans.visit_recorded.v1",
        "fi.tukiverkko.plans.referral_answered.v1",
    ]
    visit = messages[1]["data"]
    assert visit["district"] == "kuusankoski" and visit["municipality"] == "286"
    assert visit["attributes"] == {"minutes": 45, "method": "home_visit", "goal_count": 2}
    answered = messages[2]["data"]["attributes"]
    assert answered == {"status": "declined"}
    raw = str(messages)
    assert str(client_id) not in raw and "7" * 32 not in raw and "terveydentila" not in raw
    assert [int(m["id"]) for m in messages] == sorted(int(m["id"]) for m in messages)


async def _until_subject(stream, subject: str, count: int) -> list[dict]:
    reader = SseReader(stream)
    found: list[dict] = []
    while len(found) < count:
        message = await reader.next()
        if message["data"]["subject"] == subject:
            found.append(message)
    return found


async def test_a_reconnecting_dashboard_resumes_after_its_last_event_id(
    fake_gateway: Gateway, bootstrap_servers: str
):
    dashboard = await fake_gateway.register(
        "Jatkava tilannekuva", "dashboard", scopes=["stream:plans"]
    )
    client_id = uuid4()
    subject = Pseudonymiser(fake_gateway.settings.pseudonym_key.get_secret_value()).subject(
        client_id
    )
    headers = await dashboard.headers()
    async with fake_gateway.http.stream("GET", "/api/v1/events/stream", headers=headers) as stream:
        await publish(bootstrap_servers, *_events(client_id)[:2])
        first, second = await _until_subject(stream, subject, 2)
    later = ReferralAnswered(
        client_id=client_id,
        plan_id=uuid4(),
        referral_id=uuid4(),
        organisation_id=uuid4(),
        status="accepted",
        answered_at=NOW,
    )
    await publish(bootstrap_servers, later)
    resume = {**headers, "Last-Event-ID": first["id"]}
    async with fake_gateway.http.stream("GET", "/api/v1/events/stream", headers=resume) as stream:
        resumed = await _until_subject(stream, subject, 2)
    assert next(m["id"] for m in resumed) == second["id"], "nothing after the last seen id was lost"
    assert resumed[1]["event"] == "fi.tukiverkko.plans.referral_answered.v1"
    assert first["id"] not in [m["id"] for m in resumed], "nothing before it was repeated"


async def test_a_caller_without_stream_scopes_gets_403(fake_gateway: Gateway):
    region = await fake_gateway.register("Ei virtaa", "wellbeing_region", scopes=["plans:read"])
    response = await fake_gateway.call(region, "GET", "/api/v1/events/stream")
    assert response.status_code == 403


async def test_the_backfill_pages_hold_the_same_pseudonymised_records(
    fake_gateway: Gateway, bootstrap_servers: str
):
    dashboard = await fake_gateway.register(
        "Sivuttava tilannekuva", "dashboard", scopes=["stream:plans"]
    )
    client_id = uuid4()
    subject = Pseudonymiser(fake_gateway.settings.pseudonym_key.get_secret_value()).subject(
        client_id
    )
    await publish(bootstrap_servers, *_events(client_id)[:1])
    found: list[dict] = []

    async def arrived() -> bool:
        after = 0
        while True:
            page = (
                await fake_gateway.call(
                    dashboard, "GET", "/api/v1/events", params={"after": str(after), "limit": "500"}
                )
            ).json()
            found.extend(r for r in page if r["subject"] == subject)
            if len(page) < 500:
                return bool(found)
            after = page[-1]["seq"]

    await wait_until(arrived)
    record = found[0]
    assert record["type"] == "fi.tukiverkko.plans.client_registered.v1"
    assert (record["municipality"], record["district"]) == ("286", "kuusankoski")
    assert str(client_id) not in str(record)
