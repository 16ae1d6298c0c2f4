"""Events in and out, on the real broker: erasure on consent withdrawal, unlinking on a card's
suppression, and the network's own events carrying no names."""

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID

import pytest
from aiokafka import AIOKafkaConsumer

from tukiverkko_common.broker import EmbeddedBroker
from tukiverkko_common.contracts.consent import ConsentWithdrawn
from tukiverkko_common.contracts.network import TOPIC
from tukiverkko_common.contracts.resources import CardSuppressed
from tukiverkko_common.ids import new_id

NAME = "Kaisa Kuorolainen"


@pytest.fixture(scope="module")
def bootstrap_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A broker of this module's own.

    A new consumer group starts at the earliest offset; on the session's broker that is every
    consent event the suite published before this module (thousands in a full run), and the
    service works through them before it reaches the warm-up event these tests wait for.
    """
    if servers := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield servers
        return
    with EmbeddedBroker(log_path=tmp_path_factory.mktemp("broker") / "broker.log") as broker:
        yield broker.bootstrap_servers


async def _named_alter(network, card: UUID | None = None) -> tuple[dict, dict, str]:
    m = await network.new_map()
    consent, subject = new_id(), new_id()
    alter = await network.alter(
        m["id"],
        "work_school_leisure",
        role="hobby_mate",
        label=NAME,
        label_consent_id=str(consent),
        label_subject_id=str(subject),
        resource_card_id=str(card or new_id()),
    )
    await network.tie(m["id"], alter["id"], "strong")
    return m, alter, str(consent)


def _withdrawal(consent: UUID, subject: UUID) -> ConsentWithdrawn:
    return ConsentWithdrawn(
        consent_id=consent,
        subject_id=subject,
        subject_kind="resource_file_citizen",
        purpose="network_sharing",
        data_categories=["network_map"],
        recipients=["team"],
        valid_from=datetime(2026, 1, 1, tzinfo=UTC),
        withdrawn_at=datetime.now(UTC),
    )


async def _everything(network, m: dict, snapshot: dict) -> str:
    alters = await network.items(f"/api/v1/maps/{m['id']}/alters")
    kept = await network.ok("GET", f"/api/v1/snapshots/{snapshot['id']}")
    svg = (await network.http.get(f"/api/v1/maps/{m['id']}/ecomap")).text
    old_svg = (await network.http.get(f"/api/v1/snapshots/{snapshot['id']}/ecomap")).text
    return json.dumps([alters, kept]) + svg + old_svg


async def test_a_withdrawn_consent_takes_the_name_from_map_snapshots_and_pictures(network):
    m, alter, consent = await _named_alter(network)
    snapshot = await network.ok(
        "POST", f"/api/v1/maps/{m['id']}/snapshots", 201, json={"label": "T0"}
    )
    assert NAME in await _everything(network, m, snapshot)

    # The consumer has joined its group once it has applied an earlier event: from then on
    # the 5 s is the withdrawal's own way through the broker, not the group's start-up.
    warm_up = await network.publish(_withdrawal(new_id(), new_id()), key=str(new_id()))
    await network.eventually(lambda: network.handled(warm_up), timeout=60.0)

    withdrawal = _withdrawal(UUID(consent), UUID(alter["label_subject_id"]))
    published = await network.publish(withdrawal, key=alter["label_subject_id"])
    # The erasure is applied within 5 s of the withdrawal reaching the topic; every read after
    # that shows it (the reads themselves, pictures included, are not part of the deadline).
    await network.eventually(lambda: network.handled(published), timeout=5.0)
    assert NAME not in await _everything(network, m, snapshot)
    now = await network.ok("GET", f"/api/v1/alters/{alter['id']}")
    assert now["label"] is None and now["resource_card_id"] is None
    assert now["role"] == "hobby_mate"  # the node stays, anonymous
    kept = await network.ok("GET", f"/api/v1/snapshots/{snapshot['id']}")
    assert [a["label_consent_id"] for a in kept["alters"]] == [None]


async def test_a_suppressed_card_unlinks_its_alters_and_keeps_them_as_anonymous_nodes(network):
    card = new_id()
    m, alter, _ = await _named_alter(network, card)
    _, other, _ = await _named_alter(network, card)
    await network.publish(
        CardSuppressed(
            card_id=card,
            card_type="citizen",
            region="kymenlaakso",
            reason="consent_withdrawn",
        ),
        key=str(card),
    )

    async def unlinked() -> bool:
        reads = [await network.ok("GET", f"/api/v1/alters/{a['id']}") for a in (alter, other)]
        return all(r["resource_card_id"] is None and r["label"] is None for r in reads)

    await network.eventually(unlinked, timeout=10.0)
    assert len(await network.items(f"/api/v1/maps/{m['id']}/ties")) == 1


async def test_the_networks_events_are_keyed_by_client_and_carry_no_labels(network):
    m, _, _ = await _named_alter(network)
    await network.ok("POST", f"/api/v1/maps/{m['id']}/snapshots", 201, json={"label": "Alku"})
    await network.ok("GET", f"/api/v1/maps/{m['id']}/analysis")
    consumer = AIOKafkaConsumer(
        TOPIC,
        bootstrap_servers=network.settings.kafka_bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        metadata_max_age_ms=500,
    )
    await consumer.start()
    seen: list = []
    try:

        async def all_three() -> bool:
            batch = await consumer.getmany(timeout_ms=200)
            seen.extend(
                r for records in batch.values() for r in records if r.key == m["client_id"].encode()
            )
            types = {dict(r.headers)["ce_type"].decode() for r in seen}
            return {
                "fi.tukiverkko.network.map_changed.v1",
                "fi.tukiverkko.network.snapshot_taken.v1",
                "fi.tukiverkko.network.personal_analysed.v1",
            } <= types

        await network.eventually(all_three, timeout=20.0)
    finally:
        await consumer.stop()
    for record in seen:
        assert NAME.encode() not in record.value and b"Alku" not in record.value
