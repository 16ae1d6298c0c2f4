"""Instants at the edge of the calendar, through the gateway: a 422 naming the field, never a 502."""

from gateway_platform import Platform

BEYOND = ("0001-01-01T00:00:00+02:00", "9999-12-31T23:30:00-01:00")


async def test_syncing_since_an_instant_beyond_the_calendar_is_a_422_naming_it(platform: Platform):
    region = await platform.gateway.register("Kalenterin reuna", "wellbeing_region")
    await platform.client(region)
    for since in BEYOND:
        response = await platform.gateway.call(
            region, "GET", "/api/v1/clients", params={"modified_after": since}
        )
        assert response.status_code == 422, f"{since}: {response.status_code} {response.text}"
        fields = [e["field"] for e in response.json()["errors"]]
        assert any(f.endswith("modified_after") for f in fields), response.json()
