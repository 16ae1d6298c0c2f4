"""A dashboard sees its own wellbeing region's records only, live (SSE) and in the backfill."""

from datetime import UTC, datetime
from uuid import UUID, uuid4

from gateway_events import SseReader, publish
from gateway_harness import Gateway, OrgClient, wait_until
from sqlalchemy import func, select

from gateway.models import stream_records
from tukiverkko_common.contracts.consent import ConsentGranted
from tukiverkko_common.contracts.plans import ClientRegistered, VisitRecorded, new_worker_id

NOW = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)


def _client_events(client_id: UUID, municipality: str, district: str) -> list:
    return [
        ClientRegistered(
            client_id=client_id, municipality=municipality, district=district, registered_at=NOW
        ),
        VisitRecorded(
            client_id=client_id,
            plan_id=uuid4(),
            visit_id=uuid4(),
            occurred_at=NOW,
            minutes=30,
            method="home_visit",
            worker_id=new_worker_id(),
        ),
    ]


def _consent(client_id: UUID) -> ConsentGranted:
    return ConsentGranted(
        consent_id=uuid4(),
        subject_id=client_id,
        subject_kind="client",
        purpose="statistics",
        data_categories=["plan"],
        recipients=["team"],
        valid_from=NOW,
        given_by_role="subject",
    )


async def _backfill_subjects(gateway: Gateway, dashboard: OrgClient) -> list[str]:
    subjects: list[str] = []
    after = 0
    while True:
        response = await gateway.call(
            dashboard, "GET", "/api/v1/events", params={"after": str(after), "limit": "500"}
        )
        assert response.status_code == 200, response.text
        page = response.json()
        subjects += [record["subject"] for record in page]
        if len(page) < 500:
            return subjects
        after = page[-1]["seq"]


async def test_each_regions_dashboard_sees_only_its_own_regions_records(
    fake_gateway: Gateway, bootstrap_servers: str
):
    scopes = ["stream:plans", "stream:consent"]
    kymenlaakso = await fake_gateway.register(
        "Kymenlaakson tilannekuva R", "dashboard", scopes=scopes, region="kymenlaakso"
    )
    etela_savo = await fake_gateway.register(
        "Etelä-Savon tilannekuva R", "dashboard", scopes=scopes, region="etela-savo"
    )
    kouvola_client, mikkeli_client = uuid4(), uuid4()
    pseudonyms = fake_gateway.state.pseudonyms
    kouvola, mikkeli = pseudonyms.subject(kouvola_client), pseudonyms.subject(mikkeli_client)
    # Mikkeli's records are stored first: a Kymenlaakso stream reading in sequence order would
    # meet them before its own.
    await publish(bootstrap_servers, *_client_events(mikkeli_client, "491", "ristiina"))
    await publish(bootstrap_servers, _consent(mikkeli_client), source="/tukiverkko/consent")

    async def mikkeli_stored() -> bool:
        return (await _backfill_subjects(fake_gateway, etela_savo)).count(mikkeli) == 3

    await wait_until(mikkeli_stored)
    async with fake_gateway.http.stream(
        "GET", "/api/v1/events/stream", headers=await kymenlaakso.headers()
    ) as stream:
        await publish(bootstrap_servers, *_client_events(kouvola_client, "286", "kuusankoski"))
        await publish(bootstrap_servers, _consent(kouvola_client), source="/tukiverkko/consent")
        reader = SseReader(stream)
        seen: list[dict] = []
        while [m["data"]["subject"] for m in seen].count(kouvola) < 3:
            seen.append(await reader.next())
    live_subjects = {m["data"]["subject"] for m in seen}
    assert mikkeli not in live_subjects, "another region's records reached the dashboard"
    assert {m["data"]["region"] for m in seen} == {"kymenlaakso"}
    kymenlaakso_backfill = await _backfill_subjects(fake_gateway, kymenlaakso)
    assert kouvola in kymenlaakso_backfill and mikkeli not in kymenlaakso_backfill
    etela_savo_backfill = await _backfill_subjects(fake_gateway, etela_savo)
    assert mikkeli in etela_savo_backfill and kouvola not in etela_savo_backfill


async def test_a_dashboard_without_a_region_gets_no_stream(fake_gateway: Gateway):
    nowhere = await fake_gateway.register(
        "Alueeton tilannekuva", "dashboard", scopes=["stream:plans"], region=None
    )
    for path in ("/api/v1/events", "/api/v1/events/stream"):
        response = await fake_gateway.call(nowhere, "GET", path)
        assert response.status_code == 403, path


async def test_a_consent_recorded_before_its_clients_area_reaches_the_regions_dashboard(
    fake_gateway: Gateway, bootstrap_servers: str
):
    # The two topics are consumed independently: a consent may be recorded before the client's
    # registration tells the gateway which region the client belongs to.
    dashboard = await fake_gateway.register(
        "Kymenlaakson tilannekuva J", "dashboard", scopes=["stream:consent"], region="kymenlaakso"
    )
    client_id = uuid4()
    subject = fake_gateway.state.pseudonyms.subject(client_id)
    await publish(bootstrap_servers, _consent(client_id), source="/tukiverkko/consent")

    async def consent_recorded() -> bool:
        async with fake_gateway.state.runtime.sessions() as session:
            found = await session.scalar(
                select(func.count())
                .select_from(stream_records)
                .where(stream_records.c.subject == subject)
            )
        return bool(found)

    await wait_until(consent_recorded)
    await publish(bootstrap_servers, *_client_events(client_id, "286", "kuusankoski")[:1])

    async def consent_visible() -> bool:
        return subject in await _backfill_subjects(fake_gateway, dashboard)

    await wait_until(consent_visible)
