"""Authorisation and audit logging against fake services: who sees which client, what gets logged."""

from gateway_audit_helpers import audit_rows, of_kind
from gateway_fakes import FakeWorld
from gateway_harness import Gateway

from tukiverkko_common.contracts.audit import AccessLogged, DataDisclosed


async def test_a_region_reads_its_own_clients_plan_and_the_access_is_logged(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    region = await fake_gateway.register(
        "Kymenlaakson hyvinvointialue", "wellbeing_region", region="kymenlaakso"
    )
    client_id, plan_id = fake_world.add_client("kymenlaakso")
    response = await fake_gateway.call(region, "GET", f"/api/v1/plans/{plan_id}")
    assert response.status_code == 200, response.text
    assert response.json()["id"] == plan_id
    rows = await audit_rows(fake_gateway, client_id)
    assert [r["type"] for r in rows] == [AccessLogged.event_type]
    entry = rows[0]
    assert (
        entry["organisation_id"] == region.id
        and entry["action"] == "read"
        and entry["data_category"] == "plan"
    )
    assert entry["request_id"] == response.headers["x-request-id"]


async def test_another_regions_client_is_not_found_and_nothing_is_logged(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    other = await fake_gateway.register(
        "Etelä-Savon hyvinvointialue", "wellbeing_region", region="etela-savo"
    )
    client_id, plan_id = fake_world.add_client("kymenlaakso")
    response = await fake_gateway.call(other, "GET", f"/api/v1/plans/{plan_id}")
    assert response.status_code == 404
    assert "goals" not in response.text
    assert await audit_rows(fake_gateway, client_id) == []


async def test_a_provider_needs_both_a_relation_and_a_consent(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    provider = await fake_gateway.register("Asumispalvelu Oy", "service_provider")
    client_id, plan_id = fake_world.add_client("kymenlaakso")
    unrelated = await fake_gateway.call(provider, "GET", f"/api/v1/plans/{plan_id}")
    assert unrelated.status_code == 404
    fake_world.relate(client_id, provider.id)
    no_consent = await fake_gateway.call(provider, "GET", f"/api/v1/plans/{plan_id}")
    assert no_consent.status_code == 403
    assert no_consent.json()["type"].endswith("/consent-required")
    consent_id = fake_world.permit(client_id, provider.id, "plan")
    allowed = await fake_gateway.call(provider, "GET", f"/api/v1/plans/{plan_id}")
    assert allowed.status_code == 200
    rows = await audit_rows(fake_gateway, client_id)
    assert [r["type"] for r in rows] == [AccessLogged.event_type, DataDisclosed.event_type]
    disclosure = of_kind(rows, DataDisclosed.event_type)[0]
    assert disclosure["recipient_organisation_id"] == provider.id
    assert disclosure["consent_ids"] == [consent_id]
    assert (
        disclosure["purpose"] == "plan_sharing_with_provider"
        and disclosure["legal_basis"] == "consent"
    )


async def test_an_ended_relation_closes_the_door_even_with_a_consent(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    provider = await fake_gateway.register("Entinen palveluntuottaja Oy", "service_provider")
    client_id, plan_id = fake_world.add_client("kymenlaakso")
    fake_world.relate(client_id, provider.id, active=False)
    fake_world.permit(client_id, provider.id, "plan")
    assert (await fake_gateway.call(provider, "GET", f"/api/v1/plans/{plan_id}")).status_code == 404


async def test_a_dashboard_cannot_read_client_data(fake_gateway: Gateway, fake_world: FakeWorld):
    dashboard = await fake_gateway.register("Tilannekuva", "dashboard")
    _, plan_id = fake_world.add_client("kymenlaakso")
    response = await fake_gateway.call(dashboard, "GET", f"/api/v1/plans/{plan_id}")
    assert response.status_code == 403
    assert response.json()["type"].endswith("/role-not-allowed")


async def test_a_token_without_the_scope_is_refused(fake_gateway: Gateway, fake_world: FakeWorld):
    region = await fake_gateway.register(
        "Rajattu järjestelmä", "wellbeing_region", scopes=["clients:read"]
    )
    _, plan_id = fake_world.add_client("kymenlaakso")
    response = await fake_gateway.call(region, "GET", f"/api/v1/plans/{plan_id}")
    assert response.status_code == 403
    assert "plans:read" in response.json()["detail"]


async def test_a_municipality_is_no_owner_of_its_residents_plans(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    kouvola = await fake_gateway.register("Kouvolan kaupunki", "municipality", municipality="286")
    _, resident_plan = fake_world.add_client("kymenlaakso", "286")
    resident = await fake_gateway.call(kouvola, "GET", f"/api/v1/plans/{resident_plan}")
    assert resident.status_code == 404, "living in Kouvola makes no relation with the city"
    produced_for, produced_plan = fake_world.add_client("kymenlaakso", "286")
    fake_world.relate(produced_for, kouvola.id)
    no_consent = await fake_gateway.call(kouvola, "GET", f"/api/v1/plans/{produced_plan}")
    assert no_consent.status_code == 403 and no_consent.json()["type"].endswith("/consent-required")
    fake_world.permit(produced_for, kouvola.id)
    consented = await fake_gateway.call(kouvola, "GET", f"/api/v1/plans/{produced_plan}")
    assert consented.status_code == 200


async def test_identity_and_trace_headers_reach_the_service_and_the_log(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    region = await fake_gateway.register("Jäljitettävä alue", "wellbeing_region")
    client_id, plan_id = fake_world.add_client("kymenlaakso")
    trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    fake_world.seen_headers.clear()
    response = await fake_gateway.call(
        region,
        "GET",
        f"/api/v1/plans/{plan_id}",
        headers={"traceparent": trace, "x-request-id": "pyynto-123"},
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "pyynto-123"
    forwarded = [h for h in fake_world.seen_headers if h.get("x-request-id") == "pyynto-123"]
    assert forwarded, "the request id reached the service"
    assert all(
        h["traceparent"] == trace and h["x-actor-organisation"] == region.id for h in forwarded
    )
    assert all(h["x-internal-token"] for h in forwarded)
    entry = (await audit_rows(fake_gateway, client_id))[0]
    assert entry["request_id"] == "pyynto-123"
    assert entry["headers"]["ce_traceparent"] == trace


async def test_a_request_without_trace_context_starts_a_trace(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    region = await fake_gateway.register("Jäljittämätön alue", "wellbeing_region")
    _, plan_id = fake_world.add_client("kymenlaakso")
    fake_world.seen_headers.clear()
    response = await fake_gateway.call(region, "GET", f"/api/v1/plans/{plan_id}")
    assert response.status_code == 200
    sent = fake_world.seen_headers[-1]["traceparent"]
    version, trace_id, span_id, flags = sent.split("-")
    assert (version, len(trace_id), len(span_id), flags) == ("00", 32, 16, "01")
