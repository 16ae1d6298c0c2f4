"""The steps of the story test (issue #19), each a coroutine through the gateway's public API.

A `Story` carries what the steps learn (ids, the consents, the NGO's webhook receiver) and the
(event type, subject) pairs a dashboard should see for the steps that emit an event. The
region is Pohjois-Karjala so that the dashboard's stream, which starts at its first record,
holds few records of other tests.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from gateway_events import Receiver, SseReader
from gateway_harness import OrgClient, serve, wait_until
from gateway_platform import Platform

from tukiverkko_common.contracts.plans import new_worker_id

REGION, MUNICIPALITY, DISTRICT = "pohjois-karjala", "167", "joensuu-keskusta"
HELSINKI = ZoneInfo("Europe/Helsinki")
PLANS, CONSENT, NETWORK, HOUSING, RESOURCES = (
    f"fi.tukiverkko.{stream}." for stream in ("plans", "consent", "network", "housing", "resources")
)
STREAMS = ["stream:plans", "stream:consent", "stream:network", "stream:housing", "stream:resources"]
CITIZEN_NAME = "Laulava Testihenkilö"


@dataclass
class Story:
    platform: Platform
    region: OrgClient
    ngo: OrgClient
    coordinator_id: str = field(default_factory=new_worker_id)
    ids: dict[str, Any] = field(default_factory=dict)
    expected: list[tuple[str, str]] = field(default_factory=list)
    """(event type, raw subject id) a dashboard should see; the subject is pseudonymised there."""
    receiver: Receiver = field(default_factory=lambda: Receiver(failures=0))

    async def ok(self, caller: OrgClient, method: str, path: str, status: int = 200, **kw: Any):
        return await self.platform.ok(caller, method, path, status, **kw)

    def emits(self, event: str, subject: str) -> None:
        self.expected.append((event, subject))


@contextlib.asynccontextmanager
async def dashboard_stream(platform: Platform, dashboard: OrgClient) -> AsyncIterator[list[dict]]:
    """Read the dashboard's SSE stream in the background; yield the list the messages go into."""
    seen: list[dict] = []
    opened = asyncio.Event()

    async def read() -> None:
        headers = await dashboard.headers()
        path = "/api/v1/events/stream"
        async with platform.gateway.http.stream("GET", path, headers=headers, timeout=None) as r:
            assert r.status_code == 200, await r.aread()
            opened.set()
            reader = SseReader(r)
            while True:
                seen.append(await reader.next(timeout=3600))

    task = asyncio.create_task(read(), name="story-dashboard")
    try:
        await asyncio.wait_for(opened.wait(), timeout=30)
        yield seen
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def registers_client_and_plan(story: Story) -> None:
    """A worker registers the client and a plan with goals, services and a support phase."""
    region, ngo = story.region, story.ngo
    client = await story.platform.client(region)
    plan = await story.platform.plan(region, client["id"])
    base = f"/api/v1/plans/{plan['id']}"
    goals = [
        {"life_area": "housing", "description": "Oma koti Joensuun keskustasta"},
        {"life_area": "leisure", "description": "Haluan laulaa kuorossa"},
    ]
    for goal in goals:
        body = goal | {"expressed_by": "client", "status": "active"}
        await story.ok(region, "POST", f"{base}/goals", 201, json=body)
    service = await story.ok(
        region, "POST", f"{base}/services", 201,
        json={"service_type": "day_activities", "legal_basis": "social_welfare_act",
              "provider": {"kind": "organisation", "organisation_id": ngo.id,
                           "sector": "third_sector"},
              "amount": {"hours": 2, "per": "week"}, "valid_from": "2025-01-01"},
    )  # fmt: skip
    approval = {"approved_by": "Testi Työntekijä"}
    await story.ok(region, "POST", f"{base}/approve", json=approval)
    phase = {"phase": "intensive", "started_on": "2025-01-01", "reason_code": "initial"}
    await story.ok(region, "POST", f"{base}/phases", 201, json=phase)
    story.ids |= {"client": client, "plan": plan["id"], "service": service["id"]}
    for event in ("client_registered", "plan_created", "goal_recorded", "service_agreed",
                  "plan_approved", "phase_changed"):  # fmt: skip
        story.emits(f"{PLANS}{event}.v1", client["id"])


async def client_consents(story: Story) -> None:
    """The client consents: the region may tell the NGO of the support needed, and share the plan."""
    client_id = story.ids["client"]["id"]
    grant = story.platform.grant
    sharing = await grant(
        story.region, client_id, story.ngo.id, ["service_delivery"], "disclosure_to_organisation"
    )
    plan = await grant(story.region, client_id, story.ngo.id, ["plan"])
    story.ids["consents"] = [sharing["id"], plan["id"]]
    story.emits(f"{CONSENT}granted.v1", client_id)


async def referral_by_signed_webhook(story: Story) -> None:
    """The NGO's backend gets the referral by a signed webhook and accepts it through the API."""
    server = await serve("story-ngo-backend", story.receiver.app())
    try:
        hook = {"url": f"{server.url}/hook", "event_types": ["referral.sent"]}
        subscription = await story.ok(story.ngo, "POST", "/api/v1/webhooks", 201, json=hook)
        story.receiver.secret = subscription["secret"]
        referral = await story.ok(
            story.region, "POST", f"/api/v1/plans/{story.ids['plan']}/referrals", 201,
            json={"organisation_id": story.ngo.id, "service_type": "day_activities",
                  "basis": "consent", "message": "Torstai-illat sopivat."},
        )  # fmt: skip

        async def delivered() -> bool:
            return bool(story.receiver.verified)

        await wait_until(delivered, timeout=30)
    finally:
        await server.stop()
    [payload] = story.receiver.verified
    assert payload["type"] == "referral.sent" and story.receiver.attempts == [204]
    assert payload["data"]["referral_id"] == referral["id"]
    answer = f"/api/v1/referrals/{payload['data']['referral_id']}/answer"
    accepted = await story.ok(story.ngo, "POST", answer, json={"status": "accepted"})
    assert accepted["status"] == "accepted"
    for event in ("referral_sent", "referral_answered"):
        story.emits(f"{PLANS}{event}.v1", story.ids["client"]["id"])


async def visits_are_logged(story: Story) -> str:
    """The NGO logs its volunteer's visit, the region its worker's; return the Helsinki month."""
    now = datetime.now(HELSINKI)
    visits = f"/api/v1/plans/{story.ids['plan']}/visits"
    visit = {"occurred_at": now.isoformat(), "worker_id": new_worker_id(), "method": "meeting"}
    ngo_visit = visit | {"minutes": 90, "service_id": story.ids["service"]}
    await story.ok(story.ngo, "POST", visits, 201, json=ngo_visit)
    await story.ok(story.region, "POST", visits, 201, json=visit | {"minutes": 60})
    story.emits(f"{PLANS}visit_recorded.v1", story.ids["client"]["id"])
    return f"{now:%Y-%m}"


async def realisation_reaches_the_coordinator(story: Story, month: str) -> None:
    """The month shows planned versus delivered; the shortfall reaches the area coordinator."""
    region, client_id = story.region, story.ids["client"]["id"]
    real = await story.ok(
        region, "GET", f"/api/v1/clients/{client_id}/realisation", params={"month": month}
    )
    assert real["delivered_minutes"] == 150 and real["planned_minutes"] > 150
    assert real["shortfall"] is True
    body = {"name": "Joensuun asuntoverkosto", "region": REGION, "municipality": MUNICIPALITY}
    net = await story.ok(region, "POST", "/api/v1/housing-networks", 201, json=body)
    base = f"/api/v1/housing-networks/{net['id']}"
    term = {
        "worker_id": story.coordinator_id,
        "organisation_id": region.id,
        "from_on": "2025-01-01",
    }
    await story.ok(region, "POST", f"{base}/coordinators", 201, json=term)
    moved = {"client_id": client_id, "moved_in_on": "2025-01-01"}
    await story.ok(region, "POST", f"{base}/residents", 201, json=moved)
    for event in ("network_created", "coordinator_assigned", "resident_moved_in"):
        story.emits(f"{HOUSING}{event}.v1", net["id"])
    shortfalls = f"/api/v1/coordinators/{story.coordinator_id}/shortfalls"

    async def on_the_list() -> bool:
        found = await story.ok(region, "GET", shortfalls, params={"month": month})
        return client_id in {item["client_id"] for item in found["items"]}

    # The coordinator comes from the network service's events, which plans consumes.
    await wait_until(on_the_list, timeout=30)


async def network_map_before_and_after(story: Story) -> None:
    """Draw the map, snapshot it, strengthen a tie, snapshot again, compare, fetch the eco-map."""
    region, client_id = story.region, story.ids["client"]["id"]
    body = {"client_id": client_id, "region": REGION, "district": DISTRICT}
    network_map = await story.ok(region, "POST", "/api/v1/maps", 201, json=body)
    base = f"/api/v1/maps/{network_map['id']}"
    alters = [
        {"kind": "person", "sector": "family", "role": "sibling"},
        {"kind": "person", "sector": "friends_neighbours", "role": "neighbour"},
    ]
    ties = []
    for alter in alters:
        added = await story.ok(region, "POST", f"{base}/alters", 201, json=alter)
        tie = {"to_alter_id": added["id"], "strength": "weak"}
        ties.append(await story.ok(region, "POST", f"{base}/ties", 201, json=tie))
    before = await story.ok(region, "POST", f"{base}/snapshots", 201, json={"label": "Ennen"})
    await story.ok(region, "PATCH", f"/api/v1/ties/{ties[0]['id']}", json={"strength": "strong"})
    after = await story.ok(region, "POST", f"{base}/snapshots", 201, json={"label": "Jälkeen"})
    compared = await story.ok(
        region, "GET", f"{base}/comparison", params={"before": before["id"], "after": after["id"]}
    )
    assert len(compared["ties"]["strengthened"]) == 1
    assert "Vahvistuneita suhteita: 1." in compared["summary"]["fi"]
    for fmt, kind, magic in (
        ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("svg", "image/svg+xml", b"<"),
    ):
        picture = await story.platform.gateway.call(
            region, "GET", f"{base}/ecomap", params={"format": fmt}
        )
        assert picture.status_code == 200 and picture.headers["content-type"].startswith(kind)
        assert picture.content.startswith(magic), picture.content[:16]
    story.emits(f"{NETWORK}map_changed.v1", client_id)
    story.emits(f"{NETWORK}snapshot_taken.v1", client_id)


async def resource_found_and_matched(story: Story) -> None:
    """A volunteer's card (with her consent) is found by another word form and matched to the need."""
    region = story.region
    subject = await story.ok(
        region, "POST", "/api/v1/subjects", 201,
        json={"kind": "resource_file_citizen", "region": REGION},
    )  # fmt: skip
    await story.ok(
        region, "POST", "/api/v1/consents", 201,
        json={"subject_id": subject["subject_id"], "purpose": "resource_file_inclusion",
              "data_categories": ["resource_card", "contact_details"], "recipients": [region.id],
              "given_by": {"role": "subject"}, "collection_method": "written",
              "notice_version": "resources-2026-01", "notice_language": "fi"},
    )  # fmt: skip
    card = await story.ok(
        region, "POST", "/api/v1/citizen-cards", 201,
        json={"region": REGION, "subject_id": subject["subject_id"], "name": CITIZEN_NAME,
              "districts": [DISTRICT], "skills": ["Laulukuoro"], "life_areas": ["leisure"],
              "availability": [{"weekday": 4, "start": "17:00", "end": "20:00"}]},
    )  # fmt: skip
    found = await story.ok(region, "GET", "/api/v1/search", params={"q": "laulukuoroon"})
    assert card["id"] in [hit["card_id"] for hit in found["items"]]
    need = {"life_area": "leisure", "district": DISTRICT, "weekday": 4,
            "start": "18:00", "end": "19:00", "text": "laulukuorossa"}  # fmt: skip
    best = (await story.ok(region, "POST", "/api/v1/match", json=need))["items"][0]
    assert best["card_id"] == card["id"], best
    assert best["reasons"]["district"] == "same" and best["score"]["text"] > 0
    story.ids["citizen"] = subject["subject_id"]
    story.emits(f"{RESOURCES}card.created.v1", card["id"])


async def withdrawal_closes_the_door(story: Story) -> None:
    """The client withdraws; the NGO's next read of the plan is refused with the problem."""
    for consent_id in story.ids["consents"]:
        await story.platform.withdraw(story.region, consent_id)
    story.emits(f"{CONSENT}withdrawn.v1", story.ids["client"]["id"])
    refused = await story.platform.gateway.call(
        story.ngo, "GET", f"/api/v1/plans/{story.ids['plan']}"
    )
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"].endswith("/consent-required")
    assert "Haluan" not in refused.text


async def logs_tell_the_story(story: Story, ngo_plan_read: str) -> None:
    """The client's access log names the NGO's one plan read (the refused one is no access); the
    disclosure log names the referral and the plan disclosures, each with its consent."""
    client_id, ngo = story.ids["client"]["id"], story.ngo.id
    sharing, plan_consent = story.ids["consents"]
    path = f"/api/v1/subjects/{client_id}/access-report"
    report: dict[str, Any] = {}

    async def logged() -> bool:
        report.update(await story.ok(story.region, "GET", path))
        return any(d["purpose"] == "plan_sharing_with_provider" for d in report["disclosures"])

    await wait_until(logged, timeout=30)
    reads = [a for a in report["accesses"] if a["organisation_id"] == ngo]
    assert [a["request_id"] for a in reads if a["data_category"] == "plan"] == [ngo_plan_read]
    disclosed = {
        (d["purpose"], d["data_category"], tuple(d["consent_ids"]))
        for d in report["disclosures"]
        if d["recipient_organisation_id"] == ngo
    }
    assert ("referral", "service_delivery", (sharing,)) in disclosed, disclosed
    assert ("plan_sharing_with_provider", "plan", (plan_consent,)) in disclosed, disclosed
