"""The generic ownership mechanism: every catalogued id resolves through its service's ownership kind.

No service is special in the gateway's code: consent ids resolve through the consent
service's own ownership endpoint, a new service's kind needs only a catalogue entry and
the service's `ownership.py`, and a route whose id has no (service, kind) is refused.
"""

from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import pytest
from fastapi import FastAPI
from gateway_fakes import FakeWorld
from gateway_harness import Gateway, serve

from gateway.access import AccessResolver
from gateway.catalog import PATH_KINDS, ROUTES, _r
from gateway.config import GatewaySettings
from gateway.routes.proxy import build_router
from gateway.upstream import Upstreams
from tukiverkko_common.app import get_session
from tukiverkko_common.ownership import OwnershipRead, ownership_router
from tukiverkko_common.problems import Problem, install_problem_handlers


async def test_a_consent_id_is_authorised_through_the_consent_services_own_kind(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    own = await fake_gateway.register("Suostumusalue", "wellbeing_region", region="kymenlaakso")
    other = await fake_gateway.register("Vieras suostumusalue", "wellbeing_region", region="lappi")
    client_id, _ = fake_world.add_client("kymenlaakso")
    consent_id = fake_world.permit(client_id, str(uuid4()), "plan")
    read = await fake_gateway.call(own, "GET", f"/api/v1/consents/{consent_id}")
    assert read.status_code == 200, read.text
    assert read.json()["subject_id"] == client_id
    assert (
        await fake_gateway.call(other, "GET", f"/api/v1/consents/{consent_id}")
    ).status_code == 404
    unknown = await fake_gateway.call(own, "GET", f"/api/v1/consents/{uuid4()}")
    assert unknown.status_code == 404


def test_a_route_whose_path_id_has_no_service_kind_is_refused():
    card = _r(
        "resources", "GET", "/cards/{fake_card_id}", "resources:read", "resource_card", "A card"
    )
    with pytest.raises(ValueError, match="fake_card_id"):
        build_router([card])
    assert build_router([card], {**PATH_KINDS, "fake_card_id": ("resources", "card")}).routes
    body = _r("consent", "POST", "/x", "consents:write", "consent", "X", anchor="body:holder_id")
    with pytest.raises(ValueError, match="holder_id"):
        build_router([body])


def test_every_catalogued_id_names_a_service_kind():
    build_router(ROUTES)  # raises on the first id nobody answers for
    assert {service for service, _ in PATH_KINDS.values()} <= {r.upstream for r in ROUTES}


def _maps_service(maps: dict[UUID, UUID]) -> FastAPI:
    """A new service declaring one kind through the library, as its ownership.py would."""

    async def network_map(session: object, ident: UUID) -> OwnershipRead | None:
        client = maps.get(ident)
        return None if client is None else OwnershipRead(kind="map", id=ident, client_id=client)

    async def no_database() -> AsyncIterator[None]:
        yield None

    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(ownership_router({"map": network_map}))
    app.dependency_overrides[get_session] = no_database
    return app


async def test_a_new_services_kind_needs_only_its_catalogue_entry(
    fake_services, fake_world: FakeWorld
):
    client_id, _ = fake_world.add_client("pirkanmaa", "837")
    map_id = uuid4()
    network = await serve("fake-network", _maps_service({map_id: UUID(client_id)}))
    upstreams = Upstreams(
        GatewaySettings(
            upstreams={"network": network.url, "plans": fake_services["plans"].url},
            upstream_retries=0,
        )
    )
    kinds = {**PATH_KINDS, "map_id": ("network", "map")}
    resolver = AccessResolver(upstreams, registry=None, ownership_ttl=60, kinds=kinds)  # type: ignore[arg-type]
    try:
        owner = await resolver.owner("map_id", map_id)
        assert (str(owner.client_id), owner.region, owner.municipality) == (
            client_id,
            "pirkanmaa",
            "837",
        )
        with pytest.raises(Problem) as missing:
            await resolver.owner("map_id", uuid4())
        assert missing.value.status == 404
    finally:
        await upstreams.aclose()
        await network.stop()
