"""End to end through the real plans service: ids and trace context reach its events; its events reach
dashboards (pseudonymised) and provider webhooks (signed)."""

import asyncio
import json

from aiokafka import AIOKafkaConsumer, TopicPartition
from gateway_events import Receiver, SseReader
from gateway_harness import serve, wait_until
from gateway_platform import Platform, synthetic_hetu

from gateway.pseudonym import Pseudonymiser
from tukiverkko_common.contracts.plans import TOPIC as PLANS_TOPIC


async def _events_of(bootstrap: str, key: str, event_type: str, timeout: float = 20) -> list[dict]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    found: list[dict] = []
    try:
        partitions = consumer.partitions_for_topic(PLANS_TOPIC) or set()
        if not partitions:
            await consumer.topics()
            partitions = consumer.partitions_for_topic(PLANS_TOPIC) or set()
        consumer.assign([TopicPartition(PLANS_TOPIC, p) for p in partitions])
        await consumer.seek_to_beginning()
        deadline = asyncio.get_running_loop().time() + timeout
        while not found and asyncio.get_running_loop().time() < deadline:
            for records in (await consumer.getmany(timeout_ms=300)).values():
                for record in records:
                    headers = {k: v.decode() for k, v in record.headers}
                    if record.key == key.encode() and headers["ce_type"] == event_type:
                        found.append({"headers": headers, "data": json.loads(record.value)})
    finally:
        await consumer.stop()
    return found


async def test_request_id_and_trace_reach_the_services_events(
    platform: Platform, bootstrap_servers: str
):
    region = await platform.gateway.register("Jäljittävä alue", "wellbeing_region")
    trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    body = {
        "personal_identity_code": synthetic_hetu(),
        "languages": ["sv"],
        "municipality": "286",
        "district": "kouvola-keskusta",
        "region": "kymenlaakso",
    }
    response = await platform.gateway.call(
        region,
        "POST",
        "/api/v1/clients",
        json=body,
        headers={"traceparent": trace, "x-request-id": "rekisterointi-42"},
    )
    assert response.status_code == 201, response.text
    client = response.json()
    [event] = await _events_of(
        bootstrap_servers, client["id"], "fi.tukiverkko.plans.client_registered.v1"
    )
    assert event["headers"]["ce_traceparent"].split("-")[1] == "0af7651916cd43dd8448eb211c80319c"
    assert event["headers"]["ce_correlationid"] == "rekisterointi-42"


async def test_a_dashboard_sees_a_client_registered_through_the_gateway_only_as_a_pseudonym(
    platform: Platform,
):
    gw = platform.gateway
    region = await gw.register("Rekisteröivä alue", "wellbeing_region")
    dashboard = await gw.register("Seurantanäyttö", "dashboard", scopes=["stream:plans"])
    async with gw.http.stream(
        "GET", "/api/v1/events/stream", headers=await dashboard.headers()
    ) as stream:
        client = await platform.client(region, district="kuusankoski")
        subject = Pseudonymiser(gw.settings.pseudonym_key.get_secret_value()).subject(client["id"])
        reader = SseReader(stream)
        while True:
            message = await reader.next(timeout=30)
            if message["data"]["subject"] == subject:
                break
    assert message["event"] == "fi.tukiverkko.plans.client_registered.v1"
    assert message["data"]["district"] == "kuusankoski"
    assert client["id"] not in json.dumps(message) and client["personal_identity_code"][
        :6
    ] not in json.dumps(message)


async def test_a_referral_made_in_a_plan_reaches_the_providers_webhook_signed(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Lähettävä alue", "wellbeing_region")
    provider = await gw.register("Päivätoiminta ry", "ngo")
    receiver = Receiver(failures=0)
    server = await serve("ngo-receiver", receiver.app())
    try:
        response = await gw.call(
            provider,
            "POST",
            "/api/v1/webhooks",
            json={"url": f"{server.url}/hook", "event_types": ["referral.sent"]},
        )
        assert response.status_code == 201, response.text
        receiver.secret = response.json()["secret"]
        client = await platform.client(region)
        plan = await platform.plan(region, client["id"])
        referral = await platform.referral(region, plan["id"], provider.id)

        async def arrived() -> bool:
            return any(p["data"]["referral_id"] == referral["id"] for p in receiver.verified)

        await wait_until(arrived, timeout=30)
        assert receiver.attempts == [204]
    finally:
        await server.stop()
