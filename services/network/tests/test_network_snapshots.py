"""Snapshots keep a map as it was; comparing lists exactly the changes and says them in words."""


async def test_snapshot_change_compare_lists_exactly_the_changes(network):
    m = await network.new_map()
    mid = m["id"]
    mother = await network.alter(mid, "family", role="parent")
    neighbour = await network.alter(mid)
    teacher = await network.alter(mid, "professionals_services", role="teacher")
    to_mother = await network.tie(mid, mother["id"], "medium")
    to_neighbour = await network.tie(mid, neighbour["id"], "strong")
    await network.tie(mid, teacher["id"], "weak")
    before = await network.ok(
        "POST", f"/api/v1/maps/{mid}/snapshots", 201, json={"label": "Ennen muuttoa"}
    )

    await network.ok("PATCH", f"/api/v1/ties/{to_mother['id']}", json={"strength": "strong"})
    await network.ok("PATCH", f"/api/v1/ties/{to_neighbour['id']}", json={"strength": "weak"})
    await network.ok("DELETE", f"/api/v1/alters/{teacher['id']}", 204)
    club = await network.alter(mid, "organisations", kind="organisation", role="club")
    await network.tie(mid, club["id"], "weak")
    await network.tie(mid, neighbour["id"], "weak", from_alter_id=club["id"])
    after = await network.ok(
        "POST", f"/api/v1/maps/{mid}/snapshots", 201, json={"label": "Puolen vuoden päästä"}
    )

    diff = await network.ok(
        "GET",
        f"/api/v1/maps/{mid}/comparison",
        params={"before": before["id"], "after": after["id"]},
    )
    assert [a["id"] for a in diff["alters_added"]] == [club["id"]]
    assert [a["id"] for a in diff["alters_removed"]] == [teacher["id"]]
    ties = diff["ties"]
    assert sorted(tuple(t["ends"]) for t in ties["added"]) == sorted(
        [("person", club["id"]), tuple(sorted((club["id"], neighbour["id"])))]
    )
    assert [t["ends"] for t in ties["broken"]] == [["person", teacher["id"]]]
    assert [t["ends"] for t in ties["strengthened"]] == [["person", mother["id"]]]
    assert [t["ends"] for t in ties["weakened"]] == [["person", neighbour["id"]]]
    assert ties["quality_changed"] == []
    assert diff["metrics"]["alter_ties"] == {"before": 0, "after": 1, "change": 1}
    assert diff["summary"]["en"] == (
        "Joined the network: 1 (organisations 1). Left the network: 1 (professionals and"
        " services 1). New ties: 2. Ties that grew stronger: 1. Ties that grew weaker: 1."
        " Ties that were broken: 1. Isolated from the others: 3 before, 1 now."
    )
    assert diff["summary"]["fi"].startswith("Verkostoon tulleita: 1 (järjestöt 1).")
    assert "Nya relationer: 2." in diff["summary"]["sv"]


async def test_a_snapshot_does_not_follow_later_changes_and_compares_with_the_map_now(network):
    m = await network.new_map()
    friend = await network.alter(m["id"], role="friend")
    tie = await network.tie(m["id"], friend["id"], "strong")
    snap = await network.ok("POST", f"/api/v1/maps/{m['id']}/snapshots", 201, json={"label": "T0"})
    await network.ok("PATCH", f"/api/v1/ties/{tie['id']}", json={"quality": "broken"})

    kept = await network.ok("GET", f"/api/v1/snapshots/{snap['id']}")
    assert [t["quality"] for t in kept["ties"]] == ["supportive"]
    diff = await network.ok(
        "GET", f"/api/v1/maps/{m['id']}/comparison", params={"before": snap["id"]}
    )
    assert [t["ends"] for t in diff["ties"]["broken"]] == [["person", friend["id"]]]
    assert diff["ties"]["broken"][0]["removed"] is False


async def test_a_snapshot_of_another_map_is_refused_naming_the_field(network):
    first, second = await network.new_map(), await network.new_map()
    other = await network.ok(
        "POST", f"/api/v1/maps/{second['id']}/snapshots", 201, json={"label": "x"}
    )
    response = await network.http.get(
        f"/api/v1/maps/{first['id']}/comparison", params={"before": other["id"]}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "before"
