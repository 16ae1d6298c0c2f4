"""Provider webhooks: only the organisation's own events, Standard Webhooks signatures, retries, delivery log."""

from datetime import UTC, date, datetime
from uuid import uuid4

from gateway_events import Receiver, publish
from gateway_harness import Gateway, serve, wait_until

from tukiverkko_common.contracts.plans import ReferralSent, ServiceAgreed

NOW = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)


def referral_to(organisation_id: str) -> ReferralSent:
    return ReferralSent(
        client_id=uuid4(),
        plan_id=uuid4(),
        referral_id=uuid4(),
        organisation_id=organisation_id,
        service_type="guidance_and_coaching",
        sent_at=NOW,
    )


async def _subscribe(gateway: Gateway, provider, url: str, types: list[str]) -> dict:
    response = await gateway.call(
        provider, "POST", "/api/v1/webhooks", json={"url": url, "event_types": types}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_receiver_that_fails_twice_gets_the_signed_event_on_the_third_try(
    fake_gateway: Gateway, bootstrap_servers: str
):
    provider = await fake_gateway.register("Tukipalvelut Oy", "service_provider")
    receiver = Receiver(failures=2)
    server = await serve("receiver", receiver.app())
    try:
        subscription = await _subscribe(
            fake_gateway, provider, f"{server.url}/hook", ["referral.sent"]
        )
        receiver.secret = subscription["secret"]
        assert receiver.secret.startswith("whsec_")
        event = referral_to(provider.id)
        await publish(bootstrap_servers, event)

        async def delivered() -> bool:
            return bool(receiver.verified)

        await wait_until(delivered, timeout=30)
        assert receiver.attempts == [500, 500, 204]
        payload = receiver.verified[0]
        assert payload["type"] == "referral.sent"
        assert payload["data"]["referral_id"] == str(event.referral_id)
        log = await fake_gateway.call(
            provider, "GET", f"/api/v1/webhooks/{subscription['id']}/deliveries"
        )
        assert log.status_code == 200
        [delivery] = log.json()["items"]
        assert delivery["status"] == "delivered" and delivery["attempt_count"] == 3
        assert [a["status_code"] for a in delivery["attempts"]] == [500, 500, 204]
        first, second, third = (
            datetime.fromisoformat(a["attempted_at"]) for a in delivery["attempts"]
        )
        assert (third - second) > (second - first) * 1.2, "the wait grows between retries"
    finally:
        await server.stop()


async def test_only_events_about_the_organisation_reach_its_webhook(
    fake_gateway: Gateway, bootstrap_servers: str
):
    provider = await fake_gateway.register("Oma Tuottaja Oy", "service_provider")
    stranger = await fake_gateway.register("Vieras Tuottaja Oy", "service_provider")
    receiver = Receiver(failures=0)
    server = await serve("receiver-2", receiver.app())
    try:
        subscription = await _subscribe(
            fake_gateway, provider, f"{server.url}/hook", ["referral.sent", "service.agreed"]
        )
        receiver.secret = subscription["secret"]
        agreed = ServiceAgreed(
            client_id=uuid4(),
            plan_id=uuid4(),
            service_id=uuid4(),
            service_type="home_care",
            provider_organisation_id=provider.id,
            hours_per_month=20.0,
            valid_from=date(2026, 3, 1),
        )
        await publish(bootstrap_servers, referral_to(stranger.id), agreed, referral_to(provider.id))

        async def both() -> bool:
            return len(receiver.verified) >= 2

        await wait_until(both, timeout=30)
        types = sorted(p["type"] for p in receiver.verified)
        assert types == ["referral.sent", "service.agreed"]
        assert all(
            p["data"].get("organisation_id", provider.id) == provider.id for p in receiver.verified
        )
    finally:
        await server.stop()


async def test_another_organisation_cannot_see_or_delete_a_subscription(fake_gateway: Gateway):
    owner = await fake_gateway.register("Tilaaja Oy", "service_provider")
    other = await fake_gateway.register("Utelias Oy", "service_provider")
    subscription = await _subscribe(
        fake_gateway, owner, "http://127.0.0.1:9/hook", ["referral.sent"]
    )
    for method, path in (("GET", ""), ("GET", "/deliveries"), ("DELETE", "")):
        response = await fake_gateway.call(
            other, method, f"/api/v1/webhooks/{subscription['id']}{path}"
        )
        assert response.status_code == 404, (method, path)
    listed = await fake_gateway.call(other, "GET", "/api/v1/webhooks")
    assert subscription["id"] not in listed.text
    assert (
        await fake_gateway.call(owner, "DELETE", f"/api/v1/webhooks/{subscription['id']}")
    ).status_code == 204
    assert (
        await fake_gateway.call(owner, "GET", f"/api/v1/webhooks/{subscription['id']}")
    ).status_code == 404


async def test_a_subscription_needs_a_web_url_and_known_event_types(fake_gateway: Gateway):
    provider = await fake_gateway.register("Huolimaton Oy", "service_provider")
    for body in (
        {"url": "ftp://provider.example/hook", "event_types": ["referral.sent"]},
        {"url": "https://provider.example/hook", "event_types": ["plan.read"]},
        {"url": "https://provider.example/hook", "event_types": []},
    ):
        response = await fake_gateway.call(provider, "POST", "/api/v1/webhooks", json=body)
        assert response.status_code == 422, body
