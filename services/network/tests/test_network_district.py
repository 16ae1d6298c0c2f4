"""District analysis through the API: maps of one district form one network, naming no client."""

import xml.etree.ElementTree as ET

from tukiverkko_common.ids import new_id
from tukiverkko_common.ownership import AccessScope

SVG_NS = "{http://www.w3.org/2000/svg}"


async def _district_of_two_maps(network, district: str) -> tuple[list[dict], str]:
    """Two residents who share a club (one resource card); the club is their only link."""
    card = str(new_id())
    maps = []
    for _ in range(2):
        m = await network.new_map(district=district)
        club = await network.alter(
            m["id"], "organisations", kind="organisation", role="club", resource_card_id=card
        )
        friend = await network.alter(m["id"], role="friend")
        await network.tie(m["id"], club["id"], "medium")
        await network.tie(m["id"], friend["id"], "strong")
        maps.append(m)
    return maps, card


async def test_a_shared_card_joins_two_personal_maps_and_is_the_bottleneck(network):
    maps, card = await _district_of_two_maps(network, "jaala")
    result = await network.ok(
        "GET", "/api/v1/districts/jaala/analysis", params={"region": "kymenlaakso"}
    )
    assert result["nodes"] == 5 and result["ties"] == 4
    assert result["kinds"] == {"alter": 2, "organisation": 1, "resident": 2}
    assert result["key_persons"]["betweenness"][0]["ref"] == card
    assert result["betweenness_method"]["sample_size"] is None
    assert result["articulation_points"]["count"] == 3 and result["bridges"]["count"] == 4
    text = str(result)
    assert all(m["client_id"] not in text for m in maps)

    svg = await network.http.get(
        "/api/v1/districts/jaala/sociogram", params={"region": "kymenlaakso", "lang": "en"}
    )
    root = ET.fromstring(svg.text)
    circles = [c for c in root.iter(f"{SVG_NS}circle") if "node" in (c.get("class") or "")]
    assert len(circles) == 5
    assert sum("bottleneck" in c.get("class") for c in circles) == 3


async def test_a_caller_scoped_to_another_region_finds_no_such_district(network):
    await _district_of_two_maps(network, "kuusaa")
    other = AccessScope(regions=("etela-savo",)).header()
    for picture in ("analysis", "sociogram"):
        response = await network.http.get(
            f"/api/v1/districts/kuusaa/{picture}",
            params={"region": "kymenlaakso"},
            headers={"x-access-scope": other},
        )
        assert response.status_code == 404


async def test_a_district_outside_the_region_is_refused_naming_the_field(network):
    response = await network.http.get(
        "/api/v1/districts/jaala/analysis", params={"region": "etela-savo"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "district"
