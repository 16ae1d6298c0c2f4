"""Housing networks through the gateway and the real services: the network service's events reach
the plans service, so a coordinator's shortfall list follows residents and coordinator changes;
the coordinator's organisation reads its network; dashboards get the survey's aggregates only."""

from datetime import date

from gateway_harness import wait_until
from gateway_platform import Platform

from tukiverkko_common.contracts.plans import new_worker_id

MONTH = f"{date.today():%Y-%m}"


async def short_client(platform: Platform, region) -> str:
    """A client whose approved plan's intensive phase plans 11 h this month, and who got nothing."""
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    approval = {"approved_by": "Maija Meikäläinen"}
    await platform.ok(region, "POST", f"/api/v1/plans/{plan['id']}/approve", json=approval)
    body = {"phase": "intensive", "started_on": "2025-01-01", "reason_code": "initial"}
    await platform.ok(region, "POST", f"/api/v1/plans/{plan['id']}/phases", 201, json=body)
    return client["id"]


async def test_the_coordinators_list_follows_the_network_services_events(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Alue H (Kymenlaakso)", "wellbeing_region")
    coordinating = await gw.register("Asumispalvelu K Oy", "service_provider")
    outsider = await gw.register("Ulkopuolinen U Oy", "service_provider")
    body = {"name": "Verkosto H", "region": "kymenlaakso", "municipality": "286"}
    net = await platform.ok(region, "POST", "/api/v1/housing-networks", 201, json=body)
    base = f"/api/v1/housing-networks/{net['id']}"
    first, second = new_worker_id(), new_worker_id()
    term = {"worker_id": first, "organisation_id": coordinating.id, "from_on": "2025-01-01"}
    await platform.ok(region, "POST", f"{base}/coordinators", 201, json=term)
    client = await short_client(platform, region)
    moved = {"client_id": client, "moved_in_on": "2025-01-01"}
    await platform.ok(region, "POST", f"{base}/residents", 201, json=moved)

    async def listed(caller, url: str) -> set[str]:
        found = await platform.ok(caller, "GET", url, params={"month": MONTH})
        return {item["client_id"] for item in found["items"]}

    async def on_list(worker: str) -> bool:
        return client in await listed(region, f"/api/v1/coordinators/{worker}/shortfalls")

    await wait_until(lambda: on_list(first), timeout=30)
    # The coordinator's organisation takes part: it reads the network and its shortfall list.
    assert await listed(coordinating, f"{base}/shortfalls") == {client}
    await platform.ok(coordinating, "GET", base)
    refused = await gw.call(outsider, "GET", f"{base}/shortfalls", params={"month": MONTH})
    assert refused.status_code == 404

    later = term | {"worker_id": second, "from_on": date.today().isoformat()}
    await platform.ok(region, "POST", f"{base}/coordinators", 201, json=later)
    await wait_until(lambda: on_list(second), timeout=30)
    assert not await on_list(first)


async def test_dashboards_get_the_surveys_aggregates_and_nothing_of_a_network(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Alue S (Kymenlaakso)", "wellbeing_region")
    dashboard = await gw.register("Tilannekuva S", "dashboard")
    body = {"name": "Verkosto S", "region": "kymenlaakso", "municipality": "286"}
    net = await platform.ok(region, "POST", "/api/v1/housing-networks", 201, json=body)
    survey = await platform.ok(dashboard, "GET", "/api/v1/survey", params={"month": MONTH})
    assert survey["region"] == "kymenlaakso"
    cells = [row["clients"] for row in survey["rows"]]
    assert not [c for c in cells if isinstance(c, int) and c < 5]
    response = await gw.call(dashboard, "GET", f"/api/v1/housing-networks/{net['id']}")
    assert response.status_code in (403, 404)
    other = await gw.call(
        dashboard, "GET", "/api/v1/survey", params={"month": MONTH, "region": "etela-savo"}
    )
    assert other.status_code == 422
