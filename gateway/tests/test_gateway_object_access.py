"""Organisations' objects (resource cards, housing networks): the anchors that carry no client.

A fake service owns one kind, "card", whose ownership answers a region, an owner and the
organisations taking part; the gateway serves catalogue routes on it with each anchor.
Who gets what: the region's organiser manages, a producer of the region reads, a producer
taking part manages, anyone else is told nothing exists.
"""

import json
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi import FastAPI, Request
from gateway_harness import Gateway, OrgClient, gateway_settings, running_gateway, serve

from gateway.catalog import PATH_KINDS, _r
from gateway.main import create_app
from gateway.routes.proxy import build_router
from tukiverkko_common.ownership import OwnershipRead
from tukiverkko_common.problems import install_problem_handlers
from tukiverkko_common.testing.plugin import unique_topic_suffix

R = "fakeresources"
ROUTES = [
    _r(R, "GET", "/fake-cards/{fake_card_id}", "resources:read", "resource_card", "Read", anchor="object",
       object_rule="region", roles=frozenset({"wellbeing_region", "ngo", "service_provider"})),
    _r(R, "PATCH", "/fake-cards/{fake_card_id}", "resources:read", "resource_card", "Edit", anchor="object",
       object_rule="managers", roles=frozenset({"wellbeing_region", "ngo", "service_provider"})),
    _r(R, "GET", "/fake-cards", "resources:read", "resource_card", "List", anchor="region_collection",
       roles=frozenset({"wellbeing_region", "ngo", "service_provider"})),
    _r(R, "POST", "/fake-cards", "resources:read", "resource_card", "Create", anchor="region_create",
       roles=frozenset({"wellbeing_region", "ngo", "service_provider"})),
]  # fmt: skip


def _cards_service(cards: dict[UUID, OwnershipRead]) -> FastAPI:
    """A service whose objects belong to organisations; it echoes what the gateway sent it."""
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/api/v1/ownership/{kind}/{ident}")
    async def ownership(kind: str, ident: UUID) -> Any:
        found = cards.get(ident)
        if found is None:
            from tukiverkko_common.problems import not_found

            raise not_found(kind, ident)
        return found.model_dump(mode="json")

    @app.get("/api/v1/fake-cards/{fake_card_id}")
    async def read(fake_card_id: UUID) -> Any:
        return {"id": str(fake_card_id), "name": "Uimaseura"}

    @app.patch("/api/v1/fake-cards/{fake_card_id}")
    async def edit(fake_card_id: UUID) -> Any:
        return {"id": str(fake_card_id), "edited": True}

    @app.get("/api/v1/fake-cards")
    async def listing(request: Request) -> Any:
        return {"items": [], "scope": json.loads(request.headers["x-access-scope"])}

    @app.post("/api/v1/fake-cards", status_code=201)
    async def create(request: Request) -> Any:
        return await request.json()

    return app


@pytest.fixture
async def world(
    bootstrap_servers: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[dict[str, Any]]:
    cards: dict[UUID, OwnershipRead] = {}
    service = await serve("fake-resources", _cards_service(cards))
    monkeypatch.setitem(PATH_KINDS, "fake_card_id", (R, "card"))
    settings = gateway_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}",
        bootstrap_servers,
        f"gateway-{unique_topic_suffix()}",
        {R: service.url},
    )

    def factory(s: Any) -> FastAPI:
        app = create_app(s)
        app.include_router(build_router(ROUTES))
        return app

    try:
        async with running_gateway(settings, factory) as gateway:
            yield {"gateway": gateway, "cards": cards}
    finally:
        await service.stop()


async def _orgs(gw: Gateway) -> dict[str, OrgClient]:
    return {
        "organiser": await gw.register("Alue", "wellbeing_region", region="kymenlaakso"),
        "producer": await gw.register("Yhdistys", "ngo", region="kymenlaakso"),
        "partner": await gw.register("Kumppani Oy", "service_provider"),
        "other region": await gw.register("Toinen alue", "wellbeing_region", region="lappi"),
        "outsider": await gw.register("Ulkopuolinen Oy", "service_provider"),
    }


def _card(world: dict[str, Any], owner: OrgClient, **kw: Any) -> str:
    ident = uuid4()
    world["cards"][ident] = OwnershipRead(
        kind="card", id=ident, region="kymenlaakso", owner_organisation_id=owner.id, **kw
    )
    return str(ident)


async def test_each_organisation_gets_what_the_rule_gives_it(world: dict[str, Any]):
    gw: Gateway = world["gateway"]
    orgs = await _orgs(gw)
    card = _card(world, orgs["organiser"], organisation_ids=[UUID(orgs["partner"].id)])
    expected = {
        "organiser": (200, 200),
        "producer": (200, 403),  # reads the region's file, does not manage the card
        "partner": (200, 200),  # takes part in it, from outside the region
        "other region": (404, 404),
        "outsider": (404, 404),
    }
    for who, (read, edit) in expected.items():
        got_read = await gw.call(orgs[who], "GET", f"/api/v1/fake-cards/{card}")
        got_edit = await gw.call(orgs[who], "PATCH", f"/api/v1/fake-cards/{card}", json={})
        assert (got_read.status_code, got_edit.status_code) == (read, edit), who
    missing = await gw.call(orgs["organiser"], "GET", f"/api/v1/fake-cards/{uuid4()}")
    assert missing.status_code == 404


async def test_an_object_about_a_client_never_passes_as_an_organisations_object(
    world: dict[str, Any],
):
    gw: Gateway = world["gateway"]
    orgs = await _orgs(gw)
    about_client = _card(world, orgs["organiser"], client_id=uuid4())
    response = await gw.call(orgs["organiser"], "GET", f"/api/v1/fake-cards/{about_client}")
    assert response.status_code == 404


async def test_a_list_is_narrowed_to_the_callers_region_and_involvement_whatever_it_sends(
    world: dict[str, Any],
):
    gw: Gateway = world["gateway"]
    orgs = await _orgs(gw)
    forged = {"x-access-scope": json.dumps({"regions": ["lappi", "kymenlaakso"]})}
    producer = await gw.call(orgs["producer"], "GET", "/api/v1/fake-cards", headers=forged)
    assert producer.json()["scope"] == {
        "regions": ["kymenlaakso"],
        "related_to": orgs["producer"].id,
    }
    partner = await gw.call(orgs["partner"], "GET", "/api/v1/fake-cards")
    assert partner.json()["scope"] == {"related_to": orgs["partner"].id}


async def test_a_new_object_names_the_callers_own_region(world: dict[str, Any]):
    gw: Gateway = world["gateway"]
    orgs = await _orgs(gw)
    elsewhere = await gw.call(
        orgs["organiser"], "POST", "/api/v1/fake-cards", json={"region": "lappi"}
    )
    assert elsewhere.status_code == 422
    assert "region" in elsewhere.text
    own = await gw.call(
        orgs["organiser"], "POST", "/api/v1/fake-cards", json={"region": "kymenlaakso"}
    )
    assert own.status_code == 201, own.text
    regionless = await gw.call(orgs["partner"], "POST", "/api/v1/fake-cards", json={"region": None})
    assert regionless.status_code == 422
    assert "no wellbeing region" in regionless.text


def test_an_object_route_states_its_rule():
    with pytest.raises(ValueError, match="object_rule"):
        _r(
            R,
            "GET",
            "/fake-cards/{fake_card_id}",
            "resources:read",
            "resource_card",
            "X",
            anchor="object",
        )
    assert "manages" in ROUTES[1].describe()
    assert "No client data" in ROUTES[2].describe()
