"""The code lists a worker picks from, and the ownership answer the gateway reads."""

from tukiverkko_common.ids import new_id


async def test_the_competence_taxonomy_is_served_with_finnish_and_swedish_labels(platform):
    body = await platform.resources.ok("GET", "/api/v1/resource-codes")
    competences = {c["code"]: c for c in body["competences"]}
    assert {"household_work", "health_care", "crafts", "office_work", "languages", "it"} <= set(
        competences
    )
    assert competences["cooking"]["fi"] == "Ruoanlaitto"
    assert competences["cooking"]["sv"] == "Matlagning"


async def test_ownership_of_an_unknown_card_is_not_found(platform):
    await platform.resources.ok("GET", f"/api/v1/ownership/card/{new_id()}", 404)
