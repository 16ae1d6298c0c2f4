"""Personal network maps: alters described by codes, labels only with consent, ties, validation."""

from tukiverkko_common.ids import new_id


async def test_a_map_holds_alters_and_ties_of_the_person_and_between_alters(network):
    network_map = await network.new_map()
    mother = await network.alter(network_map["id"], "family", role="parent")
    neighbour = await network.alter(network_map["id"])
    own = await network.tie(network_map["id"], mother["id"], "strong", support_types=["emotional"])
    between = await network.tie(
        network_map["id"], neighbour["id"], "weak", from_alter_id=mother["id"]
    )

    alters = await network.items(f"/api/v1/maps/{network_map['id']}/alters")
    ties = await network.items(f"/api/v1/maps/{network_map['id']}/ties")

    assert {a["id"] for a in alters} == {mother["id"], neighbour["id"]}
    assert {t["id"] for t in ties} == {own["id"], between["id"]}
    assert own["from_alter_id"] is None and between["from_alter_id"] == mother["id"]
    listed = await network.items(f"/api/v1/clients/{network_map['client_id']}/maps")
    assert [m["id"] for m in listed] == [network_map["id"]]


async def test_a_label_without_the_alters_consent_is_refused_naming_the_field(network):
    network_map = await network.new_map()
    response = await network.http.post(
        f"/api/v1/maps/{network_map['id']}/alters",
        json={"kind": "person", "sector": "family", "role": "sibling", "label": "Matti"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "label"


async def test_area_codes_and_foreign_alters_are_refused_naming_the_field(network):
    response = await network.http.post(
        "/api/v1/maps",
        json={"client_id": str(new_id()), "region": "kymenlaakso", "district": "no-such-place"},
    )
    assert response.json()["errors"][0]["field"] == "district"
    first, second = await network.new_map(), await network.new_map()
    stranger = await network.alter(second["id"])
    response = await network.http.post(
        f"/api/v1/maps/{first['id']}/ties", json={"to_alter_id": stranger["id"], "strength": "weak"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "to_alter_id"


async def test_removing_an_alter_removes_its_ties_and_a_second_tie_is_a_conflict(network):
    network_map = await network.new_map()
    friend = await network.alter(network_map["id"], role="friend")
    await network.tie(network_map["id"], friend["id"])
    again = await network.http.post(
        f"/api/v1/maps/{network_map['id']}/ties",
        json={"to_alter_id": friend["id"], "strength": "strong"},
    )
    assert again.status_code == 409
    await network.ok("DELETE", f"/api/v1/alters/{friend['id']}", 204)
    assert await network.items(f"/api/v1/maps/{network_map['id']}/ties") == []


async def test_every_object_answers_its_maps_client_for_the_gateway(network):
    network_map = await network.new_map()
    alter = await network.alter(network_map["id"])
    tie = await network.tie(network_map["id"], alter["id"])
    for kind, ident in (("map", network_map["id"]), ("alter", alter["id"]), ("tie", tie["id"])):
        owner = await network.ok("GET", f"/api/v1/ownership/{kind}/{ident}")
        assert owner["client_id"] == network_map["client_id"]
    missing = await network.http.get(f"/api/v1/ownership/map/{new_id()}")
    assert missing.status_code == 404
