"""The gateway's refusals in Finnish and Swedish, including those made before the app proper."""

from gateway_fakes import FakeWorld
from gateway_harness import Gateway


async def test_a_401_in_finnish_and_swedish_keeps_its_type(fake_gateway: Gateway):
    fi = await fake_gateway.http.get("/api/v1/me", headers={"Accept-Language": "fi"})
    sv = await fake_gateway.http.get(
        "/api/v1/me", headers={"Accept-Language": "en;q=0.3, sv;q=0.9"}
    )
    assert fi.status_code == sv.status_code == 401
    assert fi.headers["content-language"] == "fi" and sv.headers["content-language"] == "sv"
    assert fi.json()["title"] == "Tunnistautuminen vaaditaan"
    assert fi.json()["detail"] == "Bearer-tunniste vaaditaan"
    assert sv.json()["title"] == "Autentisering krävs"
    assert fi.json()["type"] == sv.json()["type"]
    assert fi.json()["type"].endswith("/unauthorized")


async def test_a_cross_organisation_404_and_a_413_speak_swedish(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    region = await fake_gateway.register("Svenskspråkig region", "wellbeing_region")
    _, elsewhere = fake_world.add_client("pirkanmaa")
    hidden = await fake_gateway.call(
        region, "GET", f"/api/v1/plans/{elsewhere}", headers={"Accept-Language": "sv"}
    )
    assert hidden.status_code == 404 and hidden.json()["title"] == "Hittades inte"
    assert hidden.headers["content-language"] == "sv"
    too_big = await fake_gateway.http.post(
        "/api/v1/clients",
        content=b"x" * (fake_gateway.settings.max_body_bytes + 1),
        headers={"Accept-Language": "sv", "content-type": "application/json"},
    )
    assert too_big.status_code == 413
    assert too_big.json()["title"] == "Begäran är för stor"
    assert too_big.json()["type"].endswith("/payload-too-large")
