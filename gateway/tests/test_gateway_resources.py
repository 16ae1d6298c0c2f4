"""The resource file through the gateway: who may read, create and change cards, and that a
person's contact details reach another organisation only under a disclosure consent, logged."""

import httpx
from bola_resources import register_citizen
from gateway_audit_helpers import audit_rows, of_kind
from gateway_platform import Platform

from tukiverkko_common.contracts.audit import DataDisclosed

REGION = "kymenlaakso"


def organisation_card(**fields: object) -> dict:
    return {"region": REGION, "name_fi": "Testin Lukupiiri ry", "sector": "third_sector"} | fields


async def _consent_direct(platform: Platform, keeper_id: str, body: dict) -> dict:
    token = platform.consent.app.state.runtime.settings.internal_token.get_secret_value()
    headers = {"x-internal-token": token, "x-actor-organisation": keeper_id}
    async with httpx.AsyncClient(base_url=platform.consent.url, headers=headers) as consent:
        response = await consent.post("/api/v1/consents", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_an_ngo_sees_resource_cards_but_no_client_data(platform: Platform):
    gw = platform.gateway
    region = await gw.register("Kymenlaakson hyvinvointialue (resurssit)", "wellbeing_region")
    ngo = await gw.register("Kuusankosken Kyläyhdistys ry", "ngo", region=REGION)
    client = await platform.client(region)
    card = await platform.ok(
        region, "POST", "/api/v1/organisation-cards", 201, json=organisation_card()
    )

    read = await platform.ok(ngo, "GET", f"/api/v1/cards/{card['id']}")
    assert read["name_fi"] == "Testin Lukupiiri ry"
    listed = await platform.ok(ngo, "GET", "/api/v1/cards?card_type=organisation")
    assert card["id"] in [c["id"] for c in listed["items"]]
    hsds = await platform.ok(ngo, "GET", "/api/v1/hsds/organizations?per_page=200")
    assert card["id"] in [o["id"] for o in hsds["contents"]]

    client_read = await gw.call(ngo, "GET", f"/api/v1/clients/{client['id']}")
    assert client_read.status_code in (403, 404)
    clients = await gw.call(ngo, "GET", "/api/v1/clients")
    assert client["id"] not in clients.text


async def test_cards_are_created_in_the_callers_region_and_changed_by_their_managers(
    platform: Platform,
):
    gw = platform.gateway
    region = await gw.register("Kymenlaakso (kortit)", "wellbeing_region")
    ngo = await gw.register("Seurakunnan diakonia", "ngo", region=REGION, sector="parish")
    other_ngo = await gw.register("Toinen yhdistys ry", "ngo", region=REGION)
    elsewhere = await gw.register("Etelä-Savon yhdistys ry", "ngo", region="etela-savo")

    refused = await gw.call(
        ngo,
        "POST",
        "/api/v1/organisation-cards",
        json=organisation_card(region="etela-savo", districts=[]),
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "region"
    own = await platform.ok(
        ngo, "POST", "/api/v1/organisation-cards", 201, json=organisation_card()
    )
    await platform.ok(
        ngo, "PATCH", f"/api/v1/organisation-cards/{own['id']}", json={"name_sv": "Läsring"}
    )
    await platform.ok(
        region, "PATCH", f"/api/v1/organisation-cards/{own['id']}", json={"name_sv": "Läskrets"}
    )
    changed = await gw.call(
        other_ngo, "PATCH", f"/api/v1/organisation-cards/{own['id']}", json={"name_fi": "Kaapattu"}
    )
    assert changed.status_code == 403
    hidden = await gw.call(elsewhere, "GET", f"/api/v1/cards/{own['id']}")
    assert hidden.status_code == 404


async def test_contact_details_go_to_another_organisation_only_under_a_logged_disclosure_consent(
    platform: Platform,
):
    gw = platform.gateway
    region = await gw.register("Kymenlaakso (yhteystiedot)", "wellbeing_region")
    ngo = await gw.register("Naapuriapu ry", "ngo", region=REGION)
    subject_id = await register_citizen(platform, region)
    card = await platform.ok(
        region, "POST", "/api/v1/citizen-cards", 201,
        json={"region": REGION, "subject_id": subject_id, "name": "Testi Auttaja",
              "contact": {"phone": "+358 40 000 0991"}, "districts": ["kuusankoski"]},
    )  # fmt: skip
    contact = f"/api/v1/citizen-cards/{card['id']}/contact"
    own = await platform.ok(region, "GET", contact)
    assert own["contact"]["phone"] == "+358 40 000 0991"

    refused = await gw.call(ngo, "GET", contact)
    assert refused.status_code == 403 and "consent" in refused.json()["type"]
    assert "+358 40 000 0991" not in refused.text
    shared = await gw.call(ngo, "GET", f"/api/v1/cards/{card['id']}")
    assert shared.status_code == 200 and "+358 40 000 0991" not in shared.text

    consent = await _consent_direct(
        platform, region.id,
        {"subject_id": subject_id, "purpose": "disclosure_to_organisation",
         "data_categories": ["contact_details"], "recipients": [ngo.id],
         "given_by": {"role": "subject"}, "collection_method": "written",
         "notice_version": "contact-2026-01", "notice_language": "fi"},
    )  # fmt: skip
    disclosed = await platform.ok(ngo, "GET", contact)
    assert disclosed["name"] == "Testi Auttaja"
    logged = of_kind(await audit_rows(gw, subject_id), DataDisclosed.event_type)
    assert [(d["recipient_organisation_id"], d["data_category"]) for d in logged] == [
        (ngo.id, "contact_details")
    ]
    assert logged[0]["consent_ids"] == [consent["id"]]
    assert "Testi Auttaja" not in str(logged)
