"""Bulk sync through the gateway: large pages, one ownership lookup a page, the same rules.

A region's organiser and a producer each resync with `modified_after` in pages of 500; each
gets exactly the clients it may see (the producer loses a client the moment the consent its
referral rests on is withdrawn), and every client a sync disclosed is in the access log,
with the disclosure log for the producer.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from gateway_audit_helpers import audit_rows, of_kind
from gateway_fakes import INTERNAL_TOKEN
from gateway_harness import OrgClient
from gateway_platform import Platform

from tukiverkko_common.contracts.audit import AccessLogged, DataDisclosed


async def sync(platform: Platform, caller: OrgClient, path: str, since: str) -> list[dict]:
    """Follow the cursor in pages of 500; return every item."""
    items: list[dict[str, Any]] = []
    params = {"limit": "500", "modified_after": since}
    for _ in range(50):
        page = await platform.ok(caller, "GET", path, params=params)
        items += page["items"]
        if page["next_cursor"] is None:
            return items
        params = {**params, "cursor": page["next_cursor"]}
    raise AssertionError(f"{path}: paging did not end")


def _listed(rows: list[dict], kind: str, field: str, organisation: str) -> list[dict]:
    """The list entries of this kind naming the organisation in `field`."""
    return [r for r in of_kind(rows, kind) if r["action"] == "list" and r[field] == organisation]


async def test_a_sync_shows_each_caller_exactly_its_clients_each_logged(platform: Platform):
    gw = platform.gateway
    since = (datetime.now(UTC) - timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    region = await gw.register("Synkka-alue", "wellbeing_region", region="lappi")
    other = await gw.register("Toinen synkka-alue", "wellbeing_region", region="etela-savo")
    producer = await gw.register("Synkkatuottaja Oy", "service_provider")
    contract, consented, unrelated = [await platform.client(region) for _ in "abc"]
    foreign = await platform.client(other, municipality="491", district="mikkeli-keskusta")
    plans = {
        c["id"]: await platform.plan(region, c["id"]) for c in (contract, consented, unrelated)
    }
    await platform.referral(region, plans[contract["id"]]["id"], producer.id)
    consent = await platform.grant(
        region, consented["id"], producer.id, ["service_delivery"], "disclosure_to_organisation"
    )
    await platform.referral(region, plans[consented["id"]]["id"], producer.id, basis="consent")

    # Other tests' clients share the platform: judge the organiser's sync on this test's clients.
    ours = {*plans, foreign["id"]}
    synced = await sync(platform, region, "/api/v1/plans", since)
    assert {p["client_id"] for p in synced} & ours == set(plans)
    clients = await sync(platform, region, "/api/v1/clients", since)
    assert {c["id"] for c in clients} & ours == set(plans)
    inbox = await sync(platform, producer, "/api/v1/referrals", since)
    assert {r["client_id"] for r in inbox} == {contract["id"], consented["id"]}

    rows = await audit_rows(gw, consented["id"])
    assert _listed(rows, AccessLogged.event_type, "organisation_id", region.id)
    assert _listed(rows, AccessLogged.event_type, "organisation_id", producer.id)
    disclosed = _listed(rows, DataDisclosed.event_type, "recipient_organisation_id", producer.id)
    assert disclosed and disclosed[-1]["consent_ids"] == [consent["id"]]

    await platform.withdraw(region, consent["id"])
    inbox = await sync(platform, producer, "/api/v1/referrals", since)
    assert {r["client_id"] for r in inbox} == {contract["id"]}


async def test_only_an_incremental_sync_of_clients_gets_large_pages(platform: Platform):
    region = await platform.gateway.register("Sivukoko", "wellbeing_region", region="kainuu")
    client = await platform.client(region, municipality="205")
    since = {"modified_after": "2026-01-01T00:00:00Z"}
    for path, params, status in (
        ("/api/v1/plans", {"limit": "500", **since}, 200),
        ("/api/v1/plans", {"limit": "501", **since}, 422),
        ("/api/v1/plans", {"limit": "500"}, 422),
        (f"/api/v1/clients/{client['id']}/plans", {"limit": "500", **since}, 422),
    ):
        answer = await platform.gateway.call(region, "GET", path, params=params)
        assert answer.status_code == status, (path, params, answer.text)
        if status == 422:
            assert answer.json()["errors"][0]["field"] == "limit"


async def test_the_plans_service_answers_a_pages_owners_at_once(platform: Platform):
    region = await platform.gateway.register("Erä-alue", "wellbeing_region", region="kainuu")
    client = await platform.client(region, municipality="205")
    absent = "0190a8d2-0000-7000-8000-000000000999"
    async with httpx.AsyncClient(
        base_url=platform.plans.url, headers={"x-internal-token": INTERNAL_TOKEN}
    ) as http:
        found = await http.post("/api/v1/ownership/client", json={"ids": [client["id"], absent]})
        too_many = await http.post("/api/v1/ownership/client", json={"ids": [absent] * 1001})
        unknown = await http.post("/api/v1/ownership/plan", json={"ids": [absent]})
    assert found.status_code == 200, found.text
    assert [(o["client_id"], o["region"]) for o in found.json()["items"]] == [
        (client["id"], "kainuu")
    ]
    assert too_many.status_code == 422 and unknown.status_code == 422
