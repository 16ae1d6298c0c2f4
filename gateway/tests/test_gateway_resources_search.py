"""Search and matching through the gateway: support workers of the region's organisations find
its cards (any word form) and rank them for a need; a caller of another region finds nothing."""

from gateway_platform import Platform

REGION = "kymenlaakso"


async def test_the_regions_organisations_search_and_match_its_cards_others_find_nothing(
    platform: Platform,
):
    gw = platform.gateway
    region = await gw.register("Kymenlaakso (haku)", "wellbeing_region")
    ngo = await gw.register("Uimaseuran tuki ry", "ngo", region=REGION)
    elsewhere = await gw.register("Etelä-Savon uimarit ry", "ngo", region="etela-savo")
    card = await platform.ok(
        region, "POST", "/api/v1/organisation-cards", 201,
        json={"region": REGION, "name_fi": "Hakutestin uimahalli", "name_sv": "Söktestets simhall",
              "sector": "municipal", "districts": ["kuusankoski"],
              "offers": [{"name_fi": "Uintivuoro", "life_area": "leisure"}]},
    )  # fmt: skip

    found = await platform.ok(ngo, "GET", "/api/v1/search?q=hakutestin+uimahallissa")
    assert [hit["card_id"] for hit in found["items"]] == [card["id"]]
    found_sv = await platform.ok(ngo, "GET", "/api/v1/search?q=söktestets+simhallen")
    assert [hit["card_id"] for hit in found_sv["items"]] == [card["id"]]
    need = {"life_area": "leisure", "district": "kuusankoski", "weekday": 2,
            "start": "18:00", "end": "19:00", "text": "hakutestin"}  # fmt: skip
    matched = await platform.ok(ngo, "POST", "/api/v1/match", json=need)
    best = matched["items"][0]
    assert best["card_id"] == card["id"]
    assert best["reasons"]["district"] == "same"

    assert (await platform.ok(elsewhere, "GET", "/api/v1/search?q=hakutestin"))["items"] == []
    assert (await platform.ok(elsewhere, "POST", "/api/v1/match", json=need))["items"] == []
