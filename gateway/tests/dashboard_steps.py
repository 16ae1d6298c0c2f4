"""The dashboard test's region and browser steps: a housing network with residents, a
signed-in page, a dropped stream connection, and the screenshot's check."""

import io
from dataclasses import dataclass
from pathlib import Path

from gateway_harness import OrgClient, wait_until
from gateway_platform import Platform
from PIL import Image
from playwright.async_api import Browser, Page

from tukiverkko_common.clock import helsinki_date, utcnow

REGION, MUNICIPALITY = "helsinki", "091"  # a region no other test uses: the page shows ours only
STREAM_PATH = "/api/v1/events/stream"
PLANNED_RGB, SHORT_RGB = (0x8F, 0xB3, 0xD9), (0xB3, 0x26, 0x1E)  # dashboard.css


@dataclass
class Region:
    region: OrgClient
    dashboard: OrgClient
    network_id: str
    client_id: str
    plan_id: str
    month: str


async def region_with_residents(
    platform: Platform,
    residents: int = 5,
    region_code: str = REGION,
    municipality: str = MUNICIPALITY,
) -> Region:
    """A network whose residents' approved plans are each in the intensive phase, planning
    11 h a month; five by default, so a dashboard sees the cell (fewer are suppressed)."""
    gw = platform.gateway
    region = await gw.register(f"Alue {region_code}", "wellbeing_region", region=region_code)
    dashboard = await gw.register(f"Tilannekuva {region_code}", "dashboard", region=region_code)
    body = {"name": "Kallion asuntoverkosto", "region": region_code, "municipality": municipality}
    network = await platform.ok(region, "POST", "/api/v1/housing-networks", 201, json=body)
    plans = [
        await _resident(platform, region, network["id"], municipality) for _ in range(residents)
    ]
    month = f"{helsinki_date(utcnow()):%Y-%m}"

    async def housed() -> bool:  # plans learns the residencies from the network's events
        found = await platform.ok(region, "GET", "/api/v1/realisation", params={"month": month})
        rows = [r for r in found["items"] if r.get("housing_network_id") == network["id"]]
        return len(rows) == residents

    await wait_until(housed, timeout=60, interval=0.5)
    client_id, plan_id = plans[0]
    return Region(region, dashboard, network["id"], client_id, plan_id, month)


async def _resident(
    platform: Platform, region: OrgClient, network_id: str, municipality: str
) -> tuple[str, str]:
    client = await platform.client(region, municipality=municipality)
    plan = await platform.plan(region, client["id"])
    approval = {"approved_by": "Maija Meikäläinen"}
    await platform.ok(region, "POST", f"/api/v1/plans/{plan['id']}/approve", json=approval)
    phase = {"phase": "intensive", "started_on": "2025-01-01", "reason_code": "initial"}
    await platform.ok(region, "POST", f"/api/v1/plans/{plan['id']}/phases", 201, json=phase)
    moved = {"client_id": client["id"], "moved_in_on": "2025-01-01"}
    base = f"/api/v1/housing-networks/{network_id}"
    await platform.ok(region, "POST", f"{base}/residents", 201, json=moved)
    return client["id"], plan["id"]


async def signed_in_page(
    browser: Browser, url: str, dashboard: OrgClient, clock: bool = False
) -> Page:
    context = await browser.new_context(viewport={"width": 1200, "height": 800}, locale="fi-FI")
    page = await context.new_page()
    if clock:
        await page.clock.install()  # runs at real speed until a test moves it on
    await page.goto(f"{url}/dashboard")  # the folder's redirect, then the page
    await page.wait_for_selector("body[data-ready]")
    await page.fill("#client-id", dashboard.client_id)
    await page.fill("#client-secret", dashboard.secret)
    await page.click("#signin-button")
    await page.wait_for_selector('#live[data-state="live"]')
    return page


def drop_streams(platform: Platform) -> None:
    """Close the gateway's open event-stream connections without an orderly end."""
    connections = platform.gateway.served.server.server_state.connections
    dropped = [c for c in connections if getattr(c, "scope", {}).get("path") == STREAM_PATH]
    assert dropped, "no open event stream"
    for connection in dropped:
        connection.transport.abort()  # type: ignore[union-attr]


async def screenshot_shows_the_chart(page: Page, folder: Path) -> None:
    png = await page.screenshot(path=folder / "dashboard.png", full_page=True)  # kept to look at
    image = Image.open(io.BytesIO(png)).convert("RGB")
    size = await page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert png.startswith(b"\x89PNG") and list(image.size) == size
    box = await page.locator("#chart svg").bounding_box()
    assert box is not None
    chart = image.crop(
        (int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"]))
    )
    colours = {rgb: n for n, rgb in chart.getcolors(maxcolors=1 << 20) or []}
    assert colours.get(PLANNED_RGB, 0) > 500, "no planned bar in the screenshot"
    assert colours.get(SHORT_RGB, 0) > 50, "no delivered (short) bar in the screenshot"
