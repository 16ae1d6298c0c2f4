"""The resource file, network maps and housing networks on the dashboard stream: pseudonymised,
in their region, each stream behind its own scope."""

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from gateway_harness import Gateway, OrgClient, wait_until

from tukiverkko_common.contracts.housing import ActivityPlanned, HousingNetworkCreated
from tukiverkko_common.contracts.resources import CardCreated
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.kafka import ensure_topics, make_producer, stop_client
from tukiverkko_common.settings import ServiceSettings

NOW = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)


async def _publish(bootstrap: str, key: UUID, *events: EventData, source: str) -> None:
    settings = ServiceSettings(service_name="test-producer", kafka_bootstrap_servers=bootstrap)
    await ensure_topics(settings, sorted({e.topic for e in events}))
    producer = make_producer(settings)
    await producer.start()
    try:
        for event in events:
            envelope = CloudEvent.wrap(event, source=source, subject=str(key))
            await producer.send_and_wait(
                event.topic, value=envelope.body(), key=str(key).encode(),
                headers=envelope.kafka_headers(),
            )  # fmt: skip
    finally:
        await stop_client(producer)


async def _records(gateway: Gateway, dashboard: OrgClient) -> list[dict]:
    response = await gateway.call(dashboard, "GET", "/api/v1/events", params={"limit": "500"})
    assert response.status_code == 200, response.text
    return response.json()


async def test_cards_and_housing_networks_reach_their_regions_dashboard_pseudonymised(
    fake_gateway: Gateway, bootstrap_servers: str
):
    everything = ["stream:resources", "stream:housing"]
    own = await fake_gateway.register(
        "Kymenlaakson tilannekuva S", "dashboard", scopes=everything, region="kymenlaakso"
    )
    cards_only = await fake_gateway.register(
        "Kymenlaakson korttinäkymä", "dashboard", scopes=["stream:resources"], region="kymenlaakso"
    )
    other = await fake_gateway.register(
        "Lapin tilannekuva S", "dashboard", scopes=everything, region="lappi"
    )
    card, network = uuid4(), uuid4()
    await _publish(
        bootstrap_servers, card,
        CardCreated(card_id=card, card_type="citizen", region="kymenlaakso", districts=["kuusankoski"]),
        source="/tukiverkko/resources",
    )  # fmt: skip
    await _publish(
        bootstrap_servers, network,
        HousingNetworkCreated(
            network_id=network, region="kymenlaakso", municipality="286", districts=["kuusankoski"],
            owner_organisation_id=uuid4(), created_at=NOW,
        ),
        ActivityPlanned(
            network_id=network, activity_id=uuid4(), producer_organisation_id=uuid4(),
            recurrence="FREQ=WEEKLY;BYDAY=TU", planned_with_residents=3,
            staff_hours_per_session=2.0, starts_on=date(2026, 3, 3),
        ),
        source="/tukiverkko/network",
    )  # fmt: skip
    pseudonyms = fake_gateway.state.pseudonyms

    async def all_three() -> bool:
        return len(await _records(fake_gateway, own)) >= 3

    await wait_until(all_three)
    records = await _records(fake_gateway, own)
    by_type = {r["type"]: r for r in records}
    created = by_type["fi.tukiverkko.resources.card.created.v1"]
    assert created["subject"] == pseudonyms.subject(str(card)) != str(card)
    assert created["attributes"]["card_type"] == "citizen"
    assert str(card) not in str(records) and str(network) not in str(records)
    activity = by_type["fi.tukiverkko.housing.activity_planned.v1"]
    # The activity names no area itself: it takes the one its network was created in.
    assert (activity["region"], activity["municipality"]) == ("kymenlaakso", "286")
    assert activity["subject"] == pseudonyms.subject(str(network))
    assert "recurrence" not in activity["attributes"]
    assert {r["stream"] for r in await _records(fake_gateway, cards_only)} == {"resources"}
    assert await _records(fake_gateway, other) == []
