"""The region analyst's dashboard page, in Debian's Chromium against the real platform.

The page signs in with a dashboard client, follows the pseudonymised stream and charts the
month's planned versus delivered hours per housing network and phase, in Finnish and Swedish.
The checks without a browser (the page's policy, its files only, the stream's refusals, the
breakdown kept to the caller's region and small-count suppressed) run everywhere.
"""

import os
import re
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from dashboard_steps import (
    Region,
    drop_streams,
    region_with_residents,
    screenshot_shows_the_chart,
    signed_in_page,
)
from gateway_platform import Platform
from playwright.async_api import Browser, Request, async_playwright

import gateway
from gateway.pseudonym import Pseudonymiser
from gateway.routes.dashboard import CONTENT_SECURITY_POLICY, MEDIA_TYPES

CHROMIUM = Path("/usr/bin/chromium")
HAS_CHROMIUM = CHROMIUM.exists()
PAGE_FILES = {f.name for f in (Path(gateway.__file__).parent / "dashboard").iterdir()}
VISIT = "fi.tukiverkko.plans.visit_recorded.v1"
GOAL = "fi.tukiverkko.plans.goal_recorded.v1"


@pytest.fixture(scope="module")
async def helsinki(platform: Platform) -> Region:
    return await region_with_residents(platform)


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    if not HAS_CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("the dashboard test needs Debian's Chromium: apt-get install chromium")
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        await launched.close()


def group(k: Region) -> str:
    return f'#chart g.group[data-network="{k.network_id}"][data-phase="intensive"]'


async def test_the_page_shows_a_committed_visit_within_a_second_and_charts_it(
    platform: Platform, helsinki: Region, browser: Browser, tmp_path: Path
):
    k = helsinki
    page = await signed_in_page(browser, platform.gateway.url, k.dashboard)
    subject = Pseudonymiser(platform.gateway.settings.pseudonym_key.get_secret_value()).subject(
        k.client_id
    )
    # Caught up: the resident's earlier events (registration, phase) are listed, pseudonymised.
    await page.wait_for_selector(f'#events li[data-subject="{subject}"]', timeout=30_000)
    await page.wait_for_selector(f'{group(k)} rect.planned[data-hours="55"]')
    assert await page.locator(f'{group(k)} rect.delivered[data-hours="0"]').count() == 1
    assert k.client_id not in await page.content()

    visit = {
        "occurred_at": datetime.now(UTC).isoformat(),
        "minutes": 90,
        "worker_id": "wrk_" + "d" * 32,
        "method": "home_visit",
    }
    await k.region.headers()  # the token is taken before the clock starts
    response = await platform.gateway.call(
        k.region, "POST", f"/api/v1/plans/{k.plan_id}/visits", json=visit
    )
    committed = time.monotonic()
    assert response.status_code == 201, response.text
    shown = f'#events li[data-subject="{subject}"][data-type="{VISIT}"]'
    await page.wait_for_selector(shown, timeout=10_000)
    elapsed = time.monotonic() - committed
    assert elapsed < 1.0, f"the visit reached the page {elapsed:.3f} s after its commit"
    assert "90 min · Kotikäynti" in await page.inner_text(shown)

    # The chart follows the event: 1.5 of the five residents' 55 planned hours delivered, in Finnish numbers.
    delivered = f'{group(k)} rect.delivered.short[data-hours="1.5"]'  # below the threshold
    await page.wait_for_selector(delivered, timeout=20_000)
    texts = await page.locator(f"{group(k)} text").all_text_contents()
    assert texts == ["Vahvan tuen jakso", "55 h", "1,5 h"]
    assert "Asuntoverkosto …" + k.network_id[-8:] in (await page.text_content("#chart") or "")

    await page.click("#lang-sv")
    assert await page.get_attribute("html", "lang") == "sv"
    assert await page.inner_text("#chart-heading") == (
        "Planerade och genomförda timmar per bostadsnätverk och fas"
    )
    texts = await page.locator(f"{group(k)} text").all_text_contents()
    assert texts == ["Period med intensivt stöd", "55 h", "1,5 h"]
    assert "Besök registrerades" in await page.inner_text(shown)
    assert "90 min · Hembesök" in await page.inner_text(shown)
    assert (await page.inner_text("#totals")).startswith(
        "Klienter 5: planerat 55 h, genomfört 1,5 h"
    )
    await screenshot_shows_the_chart(page, tmp_path)


async def test_the_page_resumes_after_a_lost_connection_without_repeating_events(
    platform: Platform, helsinki: Region, browser: Browser
):
    k = helsinki
    page = await signed_in_page(browser, platform.gateway.url, k.dashboard)
    streams: list[Request] = []
    page.on("request", lambda r: streams.append(r) if "/events/stream" in r.url else None)
    await page.wait_for_selector('#events li[data-type$=".resident_moved_in.v1"]', timeout=30_000)
    seen = [await li.get_attribute("data-seq") for li in await page.locator("#events li").all()]
    drop_streams(platform)  # as a network failure would: the server's side of the socket goes
    goal = {
        "life_area": "leisure",
        "description": "Uimahalli viikoittain",
        "expressed_by": "client",
    }
    await platform.ok(k.region, "POST", f"/api/v1/plans/{k.plan_id}/goals", 201, json=goal)
    await page.wait_for_selector(f'#events li[data-type="{GOAL}"]', timeout=15_000)
    # The page came back with the last id it had (Last-Event-ID): nothing it saw came twice.
    resumed_after = {(await r.all_headers()).get("last-event-id") for r in streams}
    assert resumed_after == {max(seen, key=int)}
    seqs = [await li.get_attribute("data-seq") for li in await page.locator("#events li").all()]
    assert len(seqs) == len(set(seqs)) == len(seen) + 1, seqs
    await page.context.close()


async def test_the_pages_stream_reader_splits_messages_as_the_sse_format_says(
    platform: Platform, browser: Browser
):
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(f"{platform.gateway.url}/dashboard/")
    # Line ends of every kind, a CRLF split between two chunks, a comment (the gateway's ping).
    chunks = ["id: 7\r", '\nevent: x\r\ndata: {"a"', ":1}\r\n\r", "\n: ping\r\n\r\n"]
    chunks += ["data: b\rdata:c\n\n"]
    messages = await page.evaluate(
        """async (chunks) => {
            const { SseParser } = await import("./stream.js");
            const found = [];
            const parser = new SseParser((m) => found.push(m));
            chunks.forEach((chunk) => parser.push(chunk));
            return found;
        }""",
        chunks,
    )
    assert messages == [
        {"id": "7", "event": "x", "data": '{"a":1}'},
        {"id": None, "event": "message", "data": "b\nc"},
    ]
    await context.close()


async def test_the_page_renews_its_token_before_it_expires(
    platform: Platform, helsinki: Region, browser: Browser
):
    page = await signed_in_page(browser, platform.gateway.url, helsinki.dashboard, clock=True)

    async def chart_read_with(month: str) -> str:
        async with page.expect_request(lambda r: "/api/v1/realisation" in r.url) as read:
            await page.fill("#month", month)
        response = await (await read.value).response()
        assert response is not None and response.status == 200
        return (await (await read.value).all_headers())["authorization"]

    before = await chart_read_with("2026-01")
    async with page.expect_response(lambda r: "/oauth/token" in r.url) as renewed:
        await page.clock.fast_forward("04:05")  # past 80 % of the token's 300 s
    assert (await renewed.value).status == 200
    assert await chart_read_with("2026-02") != before
    assert await page.get_attribute("#live", "data-state") == "live"
    await page.context.close()


async def test_the_page_allows_only_its_own_script_and_serves_only_its_own_files(
    platform: Platform,
):
    http = platform.gateway.http
    folder = await http.get("/dashboard")
    assert folder.status_code == 308 and folder.headers["location"] == "dashboard/"
    page = await http.get("/dashboard/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert policy == CONTENT_SECURITY_POLICY and "unsafe" not in policy
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    # No inline script or handler, and nothing fetched from another origin.
    assert re.findall(r"<script\b[^>]*>", page.text) == [
        '<script type="module" src="dashboard.js">'
    ]
    assert not re.search(r"\son[a-z]+=|\sstyle=|(src|href)=\"(https?:)?//", page.text)
    assert set(MEDIA_TYPES) == PAGE_FILES  # each of the page's files is served, nothing else
    for name, media_type in MEDIA_TYPES.items():
        served = await http.get(f"/dashboard/{name}")
        assert served.status_code == 200 and served.headers["content-type"] == media_type
        assert served.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "localStorage" not in served.text and "sessionStorage" not in served.text
    for path in (
        "/dashboard/..%2Fmain.py",
        "/dashboard/%2e%2e/main.py",
        "/dashboard/..%2F..%2F..%2Fpyproject.toml",
        "/dashboard/%2e",
        "/dashboard/../routes/dashboard.py",
        "/dashboard/__init__.py",
        "/dashboard/dashboard.js.map",
    ):
        refused = await http.get(path)
        assert refused.status_code == 404, path
        assert "import" not in refused.text and "[project]" not in refused.text, path


async def test_the_stream_still_refuses_a_missing_or_forged_token(
    platform: Platform, helsinki: Region
):
    gw = platform.gateway
    real = (await helsinki.dashboard.headers())["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(real, options={"verify_signature": False})
    kid = jwt.get_unverified_header(real)["kid"]
    forged = jwt.encode(
        claims, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": kid}
    )
    for headers in ({}, {"Authorization": f"Bearer {forged}"}):
        refused = await gw.http.get("/api/v1/events/stream", headers=headers)
        assert refused.status_code == 401, headers
        assert refused.headers["content-type"].startswith("application/problem+json")


async def test_the_breakdown_holds_only_the_callers_region(platform: Platform, helsinki: Region):
    k = helsinki
    month = {"month": k.month}
    own = await platform.ok(k.dashboard, "GET", "/api/v1/realisation", params=month)
    assert own["items"] == []  # a dashboard gets figures, never a client's row
    [row] = [r for r in own["breakdown"] if r["housing_network_id"] == k.network_id]
    assert (row["phase"], row["clients"], row["planned_hours"]) == ("intensive", 5, 55.0)
    assert sum(r["clients"] for r in own["breakdown"]) == own["clients"]
    elsewhere = await platform.gateway.register("Lapin tilannekuva", "dashboard", region="lappi")
    other = await platform.ok(elsewhere, "GET", "/api/v1/realisation", params=month)
    assert k.network_id not in str(other["breakdown"])
    shown = [r["clients"] for r in other["breakdown"] if isinstance(r["clients"], int)]
    assert not isinstance(other["clients"], int) or sum(shown) <= other["clients"]


@pytest.fixture(scope="module")
async def satakunta(platform: Platform) -> Region:
    """One resident: the network's intensive cell is that person's hours."""
    return await region_with_residents(platform, 1, region_code="satakunta", municipality="609")


async def test_a_dashboard_never_sees_the_hours_of_fewer_than_five_clients(
    platform: Platform, satakunta: Region
):
    # The cell shows "<5" and no figures, and so do the month's totals (they would give it back).
    k = satakunta
    month = {"month": k.month}
    seen = await platform.ok(k.dashboard, "GET", "/api/v1/realisation", params=month)
    [cell] = [r for r in seen["breakdown"] if r["housing_network_id"] == k.network_id]
    assert cell["clients"] == "<5" and cell["phase"] == "intensive"
    assert [cell[f] for f in ("planned_hours", "delivered_hours", "planned_minutes")] == [None] * 3
    assert (seen["clients"], seen["planned_minutes"], seen["ratio"]) == ("<5", None, None)
    assert "660" not in str(seen) and "11.0" not in str(seen)  # 11 h = 660 min, nowhere
    # The region itself sees its own client's figures, unsuppressed.
    own = await platform.ok(k.region, "GET", "/api/v1/realisation", params=month)
    [row] = [r for r in own["breakdown"] if r["housing_network_id"] == k.network_id]
    assert (row["clients"], row["planned_hours"]) == (1, 11.0)


async def test_the_page_shows_a_small_cell_as_hidden_without_bars(
    platform: Platform, satakunta: Region, browser: Browser
):
    page = await signed_in_page(browser, platform.gateway.url, satakunta.dashboard)
    hidden = f'#chart g.group[data-network="{satakunta.network_id}"][data-hidden="<5"]'
    await page.wait_for_selector(hidden)
    assert await page.locator(f"{hidden} rect").count() == 0
    assert "Alle 5 asiakasta" in await page.inner_text("#chart")
    assert (await page.inner_text("#totals")).startswith("Asiakkaita <5: luvut piilotettu")
    await page.context.close()
