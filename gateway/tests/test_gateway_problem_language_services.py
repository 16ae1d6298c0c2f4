"""A service's own refusal, relayed by the gateway, speaks the caller's language too.

The gateway forwards Accept-Language and the services' request middleware translates the
problem; field names and problem types stay as they are.
"""

from gateway_platform import Platform


async def test_a_services_422_through_the_gateway_speaks_finnish_and_keeps_its_field(
    platform: Platform,
):
    region = await platform.gateway.register("Kielialue", "wellbeing_region")
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    url = f"/api/v1/plans/{plan['id']}/visits"
    bad = {"occurred_at": "2026-03-02T10:00:00+02:00", "minutes": 0, "method": "home_visit"}
    answers = {
        lang: await platform.gateway.call(
            region, "POST", url, json=bad, headers={"Accept-Language": lang}
        )
        for lang in ("fi", "sv", "en")
    }
    fi, sv, en = answers["fi"].json(), answers["sv"].json(), answers["en"].json()
    assert {a.status_code for a in answers.values()} == {422}
    assert (fi["title"], sv["title"], en["title"]) == (
        "Virheellinen syöte",
        "Ogiltig indata",
        "Invalid input",
    )
    assert answers["fi"].headers["content-language"].startswith("fi")
    assert fi["type"] == sv["type"] == en["type"]
    fields = [sorted(e["field"] for e in a["errors"]) for a in (fi, sv, en)]
    assert fields[0] == fields[1] == fields[2] == ["minutes", "worker_id"]
