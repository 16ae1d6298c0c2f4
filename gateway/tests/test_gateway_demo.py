"""The synthetic region generator fills the real platform through the gateway, and resumes."""

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from gateway_harness import wait_until
from gateway_platform import Platform

from gateway.registry import register_client, register_organisation
from tukiverkko_common.db import WRITE
from tukiverkko_demo.api import Credentials
from tukiverkko_demo.generate import generate
from tukiverkko_demo.people import CHECK_CHARACTERS, identity_code
from tukiverkko_demo.region import LIFE_AREAS, PILOTS, Org

pytestmark = pytest.mark.timeout(240)


def in_process(platform: Platform) -> Any:
    """Register as `tukiverkko-admin org import` would, straight into the test gateway's database."""

    async def register(wanted: list[tuple[Org, str]]) -> list[Credentials]:
        made: list[Credentials] = []
        async with platform.gateway.state.runtime.sessions() as session:
            await session.connection(execution_options=WRITE)
            for org, org_id in wanted:
                registered = await register_organisation(
                    session, name=org.name, role=org.role, sector=org.sector, region=org.region,
                    municipality=org.municipality, organisation_id=org_id,
                )  # fmt: skip
                client_id, secret = await register_client(session, organisation=registered)
                made.append(
                    {
                        "organisation_id": registered.id,
                        "client_id": client_id,
                        "client_secret": secret,
                    }
                )
            await session.commit()
        return made

    return register


class Interrupted(Exception):
    pass


class StopAfter(httpx.AsyncBaseTransport):
    """Forwards `limit` requests, then fails before sending: an interrupt between two calls."""

    def __init__(self, limit: int) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.left = limit

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.left -= 1
        if self.left < 0:
            raise Interrupted
        return await self.inner.handle_async_request(request)


def test_identity_codes_are_valid_test_codes_and_distinct():
    codes = [identity_code(n) for n in range(5000)]
    assert len(set(codes)) == 5000
    for code in codes[:300]:
        digits = code[:6] + code[7:10]
        assert 900 <= int(code[7:10]) <= 999 and code[6] == "-"
        assert code[10] == CHECK_CHARACTERS[int(digits) % 31]


async def _get(platform: Platform, credentials: Credentials, path: str) -> Any:
    http = platform.gateway.http
    form = {
        "grant_type": "client_credentials",
        **{k: credentials[k] for k in ("client_id", "client_secret")},
    }
    token = (await http.post("/api/v1/oauth/token", data=form)).json()["access_token"]
    response = await http.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_small_region_loads_resumes_after_an_interrupt_and_never_duplicates(
    platform: Platform, tmp_path: Path
):
    journal = tmp_path / "demo.jsonl"
    register = in_process(platform)
    url = platform.gateway.url
    with pytest.raises(Interrupted):
        await generate(url, 7, "small", journal, register, quiet=True, transport=StopAfter(120))
    result = await generate(url, 7, "small", journal, register, quiet=True)

    per_region = 4
    assert result.created["client"] == per_region * len(PILOTS)
    assert result.created["plan"] == result.created["approved"] == per_region * len(PILOTS)
    assert result.created["goal"] == 3 * per_region * len(PILOTS) >= len(LIFE_AREAS)
    assert result.created["citizen_card"] >= len(PILOTS) and result.created["consent"] >= len(
        PILOTS
    )
    assert result.created["session"] == 3 * len(PILOTS) and result.created["snapshot"] == 2 * 12
    again = await generate(url, 7, "small", journal, register, quiet=True)
    assert again.created == result.created

    kouvola = _journal_credentials(journal, f"{PILOTS[0].municipality}:wellbeing_region:org")
    # Other tests share the region: the demo's own clients are the ones its journal names.
    ours = _journal_values(journal, f"client:{PILOTS[0].municipality}:")
    assert len(set(ours)) == per_region, "each client once, after an interrupt and a rerun"
    assert set(ours) <= await _client_ids(platform, kouvola), "the region sees its clients"

    # The coordinator's list follows the housing events plans consumes: wait for them.
    async def coordinator_sees_shortfalls() -> bool:
        path = result.urls["Coordinator's shortfalls"].removeprefix(url)
        return bool((await _get(platform, kouvola, path))["items"])

    await wait_until(coordinator_sees_shortfalls, timeout=60)
    ecomap = result.urls["Eco-map (SVG)"].removeprefix(url)
    assert ecomap.startswith("/api/v1/maps/")


async def _client_ids(platform: Platform, credentials: Credentials) -> set[str]:
    """Every client the organisation's listing shows, page by page."""
    found: set[str] = set()
    path: str | None = "/api/v1/clients?limit=100"
    while path:
        page = await _get(platform, credentials, path)
        found |= {item["id"] for item in page["items"]}
        cursor = page.get("next_cursor")
        path = f"/api/v1/clients?limit=100&cursor={quote(cursor)}" if cursor else None
    return found


def _journal_entries(journal: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in journal.read_text().splitlines()]


def _journal_values(journal: Path, prefix: str) -> list[str]:
    """The values the journal holds under keys `prefix<index>` (one step each, no sub-steps)."""
    return [
        e["v"]
        for e in _journal_entries(journal)
        if str(e.get("k", "")).startswith(prefix) and ":" not in e["k"].removeprefix(prefix)
    ]


def _journal_credentials(journal: Path, key: str) -> Credentials:
    for entry in _journal_entries(journal):
        if entry.get("k") == key:
            return entry["v"]  # type: ignore[no-any-return]
    raise AssertionError(f"{key} not in the journal")
