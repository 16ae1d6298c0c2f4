"""Access-model rules the plans service keeps itself: areas from the official mapping, clients
unique per region (no cross-region oracle), referrals only with a recorded basis."""

from plans.areas import municipalities, regions

CLIENTS = "/api/v1/clients"


def _body(code: str, region: str, municipality: str) -> dict:
    return {
        "personal_identity_code": code,
        "languages": ["fi"],
        "municipality": municipality,
        "region": region,
    }


def test_the_mapping_is_the_official_classification():
    organisers = regions()
    assert len(organisers) == 22, "21 wellbeing regions and the City of Helsinki"
    assert organisers["helsinki"] == ("Helsingin kaupunki", "Helsingfors stad")
    found = municipalities()
    pilots = {code: (found[code].name_fi, found[code].region) for code in ("286", "491", "445")}
    assert pilots == {
        "286": ("Kouvola", "kymenlaakso"),
        "491": ("Mikkeli", "etela-savo"),
        "445": ("Parainen", "varsinais-suomi"),
    }
    assert found["445"].name_sv == "Pargas"
    assert found["478"].region == "", "Åland (Mariehamn) is outside the reform"
    assert {m.region for m in found.values()} - {""} == set(organisers)


async def test_a_region_cannot_file_a_client_under_another_regions_municipality(plans, hetu):
    mikkeli = await plans.problem("POST", CLIENTS, 422, json=_body(hetu(), "kymenlaakso", "491"))
    assert mikkeli["errors"][0]["field"] == "municipality"
    assert "Mikkeli" in mikkeli["errors"][0]["message"]
    unknown = await plans.problem("POST", CLIENTS, 422, json=_body(hetu(), "kymenlaakso", "999"))
    assert unknown["errors"][0]["field"] == "municipality"
    invented = await plans.problem("POST", CLIENTS, 422, json=_body(hetu(), "atlantis", "286"))
    assert invented["errors"][0]["field"] == "region"
    aland = await plans.problem("POST", CLIENTS, 422, json=_body(hetu(), "varsinais-suomi", "478"))
    assert aland["errors"][0]["field"] == "municipality"
    assert (await plans.ok("GET", CLIENTS))["items"] == []


async def test_a_client_cannot_be_moved_out_of_its_region_by_a_patch(plans):
    client = await plans.client()
    url = f"{CLIENTS}/{client['id']}"
    moved = await plans.problem("PATCH", url, 422, json={"municipality": "491"})
    assert moved["errors"][0]["field"] == "municipality"
    other_region = await plans.problem("PATCH", url, 422, json={"region": "etela-savo"})
    assert other_region["errors"][0]["field"] == "region"
    kotka = await plans.ok("PATCH", url, json={"municipality": "285"})
    assert (kotka["municipality"], kotka["region"]) == ("285", "kymenlaakso")


async def test_another_regions_client_is_never_revealed_by_registration(plans, hetu):
    code = hetu()
    kymi = await plans.ok("POST", CLIENTS, 201, json=_body(code, "kymenlaakso", "286"))
    # Etelä-Savo registers the same person: its own record, and no word of Kymenlaakso's.
    response = await plans.http.post(CLIENTS, json=_body(code, "etela-savo", "491"))
    assert response.status_code == 201, response.text
    assert kymi["id"] not in response.text
    savo = response.json()
    assert savo["id"] != kymi["id"] and savo["region"] == "etela-savo"
    # Within a region the 409 may name the region's own client.
    again = await plans.problem("POST", CLIENTS, 409, json=_body(code, "etela-savo", "491"))
    assert again["client_id"] == savo["id"] and kymi["id"] not in str(again)


async def test_a_referral_needs_a_basis_for_the_disclosure(plans):
    client = await plans.client()
    plan = await plans.approved_plan(client["id"])
    url = f"/api/v1/plans/{plan['id']}/referrals"
    body = {
        "organisation_id": "01936f5e-0000-7000-8000-0000000000d1",
        "service_type": "day_activities",
    }
    missing = await plans.problem("POST", url, 422, json=body)
    assert missing["errors"][0]["field"] == "basis"
    assert (await plans.ok("GET", url))["items"] == []
    sent = await plans.ok("POST", url, 201, json=body | {"basis": "purchase_contract"})
    assert sent["basis"] == "purchase_contract"
    relations = await plans.ok("GET", f"/api/v1/clients/{client['id']}/organisations")
    assert [(r["relation"], r["basis"]) for r in relations] == [("referral", "purchase_contract")]
