"""Network maps through the gateway: the organiser reads and writes a client's map; a producer
related to the client reads it only with the client's consent for `network_map`, never writes;
a district's analysis is the region's, and names no client."""

from gateway_platform import Platform


async def _map_with_an_alter(platform: Platform, region, client: dict) -> tuple[dict, dict]:
    network_map = await platform.ok(
        region,
        "POST",
        "/api/v1/maps",
        201,
        json={"client_id": client["id"], "region": "kymenlaakso", "district": "valkeala"},
    )
    alter = await platform.ok(
        region,
        "POST",
        f"/api/v1/maps/{network_map['id']}/alters",
        201,
        json={"kind": "person", "sector": "family", "role": "sibling"},
    )
    return network_map, alter


async def test_a_related_producer_reads_a_map_only_with_the_clients_consent(platform: Platform):
    region = await platform.gateway.register(
        "Kymenlaakson hyvinvointialue", "wellbeing_region", region="kymenlaakso"
    )
    provider = await platform.gateway.register("Asumisen tuki Oy", "service_provider")
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    await platform.service(region, plan["id"], provider.id)
    network_map, _ = await _map_with_an_alter(platform, region, client)
    alters = f"/api/v1/maps/{network_map['id']}/alters"

    before = await platform.gateway.call(provider, "GET", alters)
    assert before.status_code == 403, before.text
    await platform.grant(
        region, client["id"], provider.id, ["network_map"], purpose="disclosure_to_organisation"
    )
    during = await platform.gateway.call(provider, "GET", alters)
    assert during.status_code == 200, during.text
    assert [a["role"] for a in during.json()["items"]] == ["sibling"]
    ecomap = await platform.gateway.call(
        provider, "GET", f"/api/v1/maps/{network_map['id']}/ecomap"
    )
    assert ecomap.status_code == 200 and ecomap.headers["content-type"].startswith("image/svg+xml")

    write = await platform.gateway.call(
        provider, "POST", alters, json={"kind": "person", "sector": "family", "role": "parent"}
    )
    assert write.status_code in (403, 404), write.text


async def test_the_district_analysis_is_the_regions_and_names_no_client(platform: Platform):
    region = await platform.gateway.register(
        "Kymenlaakson hyvinvointialue", "wellbeing_region", region="kymenlaakso"
    )
    client = await platform.client(region)
    await _map_with_an_alter(platform, region, client)
    path = "/api/v1/districts/valkeala/analysis"

    own = await platform.gateway.call(region, "GET", path, params={"region": "kymenlaakso"})
    assert own.status_code == 200, own.text
    assert own.json()["nodes"] >= 2 and client["id"] not in own.text
    elsewhere = await platform.gateway.register(
        "Etelä-Savon hyvinvointialue", "wellbeing_region", region="etela-savo"
    )
    other = await platform.gateway.call(elsewhere, "GET", path, params={"region": "kymenlaakso"})
    assert other.status_code == 404
