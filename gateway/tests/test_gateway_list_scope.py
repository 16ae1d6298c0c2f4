"""Lists are scoped in the service's query: no empty page with a cursor, no foreign id in a cursor.

Region A's clients (with plans, tasks, referrals and consents) are present while every
role pages through every list endpoint one item at a time; every cursor it gets is
decoded and may name only an object the caller received.
"""

import base64
import binascii
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from gateway_fakes import INTERNAL_TOKEN
from gateway_harness import OrgClient, wait_until
from gateway_platform import Platform

from gateway.catalog import ROUTES
from tukiverkko_common.ownership import SCOPE_HEADER, AccessScope

UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
LISTS = [r for r in ROUTES if r.anchor == "collection" and r.paged]


def cursor_ids(cursor: str) -> set[str]:
    """Every id a cursor carries, whatever its encoding (base64 of JSON, or plain)."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode(
            "utf-8", "replace"
        )
    except (binascii.Error, ValueError):
        text = ""
    return {m.lower() for m in UUID_TEXT.findall(text + " " + cursor)}


async def page_through(platform: Platform, caller: OrgClient, path: str, since: str) -> list[dict]:
    """Page with limit=1; check each page and cursor; return every item received."""
    received: list[dict[str, Any]] = []
    params = {"limit": "1", "modified_after": since}
    for _ in range(200):
        page = await platform.ok(caller, "GET", path, params=params)
        cursor = page.get("next_cursor")
        received += page["items"]
        if cursor is None:
            return received
        assert page["items"], f"{caller.organisation.name} {path}: an empty page with a cursor"
        foreign = cursor_ids(cursor) - {str(v).lower() for i in page["items"] for v in i.values()}
        assert not foreign, f"{caller.organisation.name} {path}: cursor names {foreign}"
        params = {**params, "cursor": cursor}
    raise AssertionError(f"{path}: paging did not end")


async def _client_with_work(
    platform: Platform, region: OrgClient, referred_to: list[str], **area: str
) -> dict:
    client = await platform.client(region, **area)
    plan = await platform.plan(region, client["id"])
    observation = {"kind": "rent_payment", "observed_on": "2026-03-05", "rent_status": "unpaid"}
    await platform.ok(
        region, "POST", f"/api/v1/plans/{plan['id']}/observations", 201, json=observation
    )
    for organisation in referred_to:
        await platform.referral(region, plan["id"], organisation)
    return client


async def test_every_role_pages_every_list_without_empty_pages_or_foreign_cursors(
    platform: Platform,
):
    gw = platform.gateway
    since = (datetime.now(UTC) - timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    # A region no other test uses: its lists hold exactly this test's clients.
    region_a = await gw.register("Alue A (sivutus)", "wellbeing_region", region="pirkanmaa")
    region_b = await gw.register("Alue B (sivutus)", "wellbeing_region", region="etela-savo")
    mikkeli = await gw.register("Mikkeli (sivutus)", "municipality", municipality="491")
    provider = await gw.register("Sivutus Oy", "service_provider")
    ngo = await gw.register("Sivutusyhdistys ry", "ngo")
    a_clients = [
        await _client_with_work(platform, region_a, [provider.id, ngo.id]) for _ in range(3)
    ]
    b_client = await _client_with_work(
        platform, region_b, [provider.id], municipality="491", district="mikkeli-keskusta"
    )
    consented = a_clients[0]["id"]
    for client in a_clients:
        await platform.grant(region_a, client["id"], str(region_a.id), ["plan"])
    await platform.grant(
        region_a,
        consented,
        provider.id,
        ["identity", "service_delivery"],
        purpose="disclosure_to_organisation",
    )
    await platform.grant(region_b, b_client["id"], provider.id, ["plan"])

    # The referrals were sent on the organiser's purchase contract: their receivers see them
    # without a consent. Mikkeli's residents are no relation of the city's.
    referred = {c["id"] for c in a_clients}
    expected_clients = {
        region_a.id: {c["id"] for c in a_clients},
        region_b.id: {b_client["id"]},
        mikkeli.id: set(),
        provider.id: referred | {b_client["id"]},
        ngo.id: referred,
    }
    ours = {c["id"] for c in a_clients} | {b_client["id"]}
    for caller in (region_a, region_b, mikkeli, provider, ngo):
        for route in LISTS:
            if caller.organisation.role not in route.roles:
                continue
            items = await page_through(platform, caller, route.path, since)
            field = route.items_field or "client_id"
            # Other tests' clients share the platform: judge visibility on this test's clients.
            seen = {str(i[field]) for i in items} & ours
            assert seen <= expected_clients[caller.id], (caller.organisation.name, route.path)
    b_plans = await page_through(platform, region_b, "/api/v1/plans", since)
    assert {p["client_id"] for p in b_plans} & ours == {b_client["id"]}
    inbox = await page_through(platform, provider, "/api/v1/referrals", since)
    assert {r["client_id"] for r in inbox} == referred | {b_client["id"]}


async def test_a_clients_consents_follow_the_client_to_a_new_municipality(platform: Platform):
    """Consent learns the move from ClientUpdated and scopes its list by the new municipality
    (asked directly: the gateway's own ownership cache may hold the old area for a minute)."""
    region = await platform.gateway.register("Muuttoalue", "wellbeing_region", region="kymenlaakso")
    client = await platform.client(region)
    consent = await platform.grant(region, client["id"], str(region.id), ["plan"])

    async def listed(municipality: str) -> bool:
        scope = AccessScope(municipalities=(municipality,)).header()
        async with httpx.AsyncClient(base_url=platform.consent.url) as http:
            answer = await http.get(
                "/api/v1/consents",
                params={"subject_id": client["id"]},
                headers={"x-internal-token": INTERNAL_TOKEN, SCOPE_HEADER: scope},
            )
        assert answer.status_code == 200, answer.text
        return consent["id"] in {c["id"] for c in answer.json()["items"]}

    assert await listed("286") and not await listed("075")
    await platform.ok(
        region, "PATCH", f"/api/v1/clients/{client['id']}", json={"municipality": "075"}
    )
    await wait_until(lambda: listed("075"), timeout=30)
    assert not await listed("286")
