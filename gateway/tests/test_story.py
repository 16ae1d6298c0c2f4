"""Must-show (issue #19): the story, end to end, through the gateway's public API, against the real
services, the real broker and real SQLite — the README's "The story, step by step" in one test.

An organisation client gets a token → a worker registers a client and a plan with goals and
services → the client consents to share with an NGO producer → the NGO's backend receives the
referral by signed webhook and accepts it → visits are logged → the month's realisation shows,
a shortfall reaches the area coordinator → the network map is drawn, snapshotted, changed and
compared, and the eco-map is fetched as a picture → a resource card is found by a Finnish word
form and matched to the client's need → a dashboard's SSE stream saw every step, pseudonymised
→ the client withdraws consent → the NGO's next read is refused → the client's access and
disclosure logs tell the whole story.
"""

import json

from gateway_harness import wait_until
from gateway_platform import Platform
from story_steps import (
    CITIZEN_NAME,
    REGION,
    STREAMS,
    Story,
    client_consents,
    dashboard_stream,
    logs_tell_the_story,
    network_map_before_and_after,
    realisation_reaches_the_coordinator,
    referral_by_signed_webhook,
    registers_client_and_plan,
    resource_found_and_matched,
    visits_are_logged,
    withdrawal_closes_the_door,
)

from gateway.pseudonym import Pseudonymiser


def assert_pseudonymised(seen: list[dict], story: Story) -> None:
    """Nothing the dashboard received names the client, the volunteer or their ids in clear."""
    text = json.dumps(seen, ensure_ascii=False)
    client = story.ids["client"]
    for clear in (client["id"], client["personal_identity_code"], story.ids["citizen"],
                  CITIZEN_NAME, "Testi Työntekijä", "Haluan"):  # fmt: skip
        assert clear not in text, f"{clear!r} reached the dashboard"


async def test_the_story_end_to_end(platform: Platform) -> None:
    gw = platform.gateway
    region = await gw.register("Pohjois-Karjalan hyvinvointialue (tarina)", "wellbeing_region",
                               region=REGION)  # fmt: skip
    ngo = await gw.register("Joensuun Laulupiiri ry", "ngo")
    dashboard = await gw.register(
        "Tilannekuva (tarina)", "dashboard", scopes=STREAMS, region=REGION
    )
    token = await region.token()
    me = await gw.http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["organisation_id"] == region.id, me.text
    story = Story(platform, region, ngo)

    async with dashboard_stream(platform, dashboard) as seen:
        await registers_client_and_plan(story)
        await client_consents(story)
        await referral_by_signed_webhook(story)
        plan = await gw.call(ngo, "GET", f"/api/v1/plans/{story.ids['plan']}")
        assert plan.status_code == 200 and plan.json()["client_view"].startswith("Haluan")
        month = await visits_are_logged(story)
        await realisation_reaches_the_coordinator(story, month)
        await network_map_before_and_after(story)
        await resource_found_and_matched(story)
        await withdrawal_closes_the_door(story)

        pseudonym = Pseudonymiser(gw.settings.pseudonym_key.get_secret_value()).subject
        expected = {(event, pseudonym(subject)) for event, subject in story.expected}

        async def dashboard_saw_every_step() -> bool:
            return expected <= {(m["event"], m["data"]["subject"]) for m in seen}

        await wait_until(dashboard_saw_every_step, timeout=30)
    assert_pseudonymised(seen, story)
    await logs_tell_the_story(story, plan.headers["x-request-id"])
