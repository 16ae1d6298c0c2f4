"""The HSDS 3.0 read API: responses validate against the Open Referral schemas, never a person."""

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path("/work/shared/schemas/hsds-3.0")
COMPILED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
OPENAPI = "urn:hsds:openapi"

pytestmark = pytest.mark.skipif(not SCHEMAS.is_dir(), reason="HSDS 3.0 schemas not on this machine")


def _registry() -> Registry:
    resources = [
        (COMPILED + path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in (SCHEMAS / "compiled").glob("*.json")
    ]
    openapi = json.loads((SCHEMAS / "openapi.json").read_text())
    resources.append((OPENAPI, Resource.from_contents(openapi, DRAFT202012)))
    return Registry().with_resources(resources)


def validate(path: str, body: Any) -> None:
    """Validate a body against the HSDS OpenAPI document's 200 response schema for `path`."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    ref = f"{OPENAPI}#/paths/{pointer}/get/responses/200/content/application~1json/schema"
    validator = Draft202012Validator({"$ref": ref}, registry=_registry())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == [], errors


async def _organisation(platform: Any, **fields: Any) -> dict:
    body = platform.organisation_body(
        contact={"phone": "+358 5 000 0000", "email": "info@example.invalid", "website": "https://example.invalid"},
        description_fi="Uintia ja vesiliikuntaa kaikenikäisille",
        contact_person={"name": "Kontakti Henkilö", "phone": "+358 40 000 0001"},
        **fields,
    )  # fmt: skip
    return await platform.resources.ok("POST", "/api/v1/organisation-cards", 201, json=body)


async def test_hsds_responses_validate_against_the_schema(platform):
    org = await _organisation(platform)
    root = await platform.resources.ok("GET", "/api/v1/hsds")
    validate("/", root)
    services = await platform.resources.ok("GET", "/api/v1/hsds/services?per_page=5")
    validate("/services", services)
    assert services["total_items"] >= 1 and services["page_number"] == 1
    one = await platform.resources.ok("GET", f"/api/v1/hsds/services/{org['offers'][0]['id']}")
    validate("/services/{id}", one)
    assert one["organization"]["id"] == org["id"]
    organisations = await platform.resources.ok("GET", "/api/v1/hsds/organizations")
    validate("/organizations", organisations)
    full = await platform.resources.ok("GET", f"/api/v1/hsds/organizations/{org['id']}")
    validate("/organizations/{id}", full)
    assert full["organization_identifiers"][0]["identifier"] == "1572860-0"
    assert [s["name"] for s in full["services"]] == ["Ohjattu vesijumppa"]
    assert full["locations"][0]["addresses"][0]["postal_code"] == "45700"
    assert "Kontakti Henkilö" not in json.dumps(full), "a contact person is a natural person"


async def test_search_paging_and_modified_after(platform):
    org = await _organisation(platform, name_fi="Harvinainen Hakusana Seura ry")
    found = await platform.resources.ok("GET", "/api/v1/hsds/organizations?search=hakusana%20seura")
    assert [o["id"] for o in found["contents"]] == [org["id"]]
    later = await platform.resources.ok(
        "GET", "/api/v1/hsds/organizations", params={"modified_after": "2999-01-01T00:00:00Z"}
    )
    assert later["empty"] and later["total_items"] == 0
    validate("/organizations", later)
    paged = await platform.resources.ok("GET", "/api/v1/hsds/organizations?per_page=1&page=2")
    assert paged["size"] == 1 and not paged["first_page"] and paged["total_pages"] >= 2


async def test_no_person_and_no_informal_group_is_ever_in_hsds(platform):
    group = await platform.resources.ok(
        "POST", "/api/v1/organisation-cards", 201,
        json=platform.organisation_body(sector="informal_group", name_fi="Naapurin Kerho", business_id=None),
    )  # fmt: skip
    subject = await platform.subject()
    await platform.grant_inclusion(subject)
    person = platform.citizen_body(subject)
    citizen = await platform.resources.ok("POST", "/api/v1/citizen-cards", 201, json=person)
    bodies = [
        await platform.resources.ok("GET", "/api/v1/hsds/organizations?per_page=200"),
        await platform.resources.ok("GET", "/api/v1/hsds/services?per_page=200"),
    ]
    text = json.dumps(bodies)
    assert group["id"] not in text and citizen["id"] not in text and person["name"] not in text
    await platform.resources.ok("GET", f"/api/v1/hsds/organizations/{citizen['id']}", 404)
    await platform.resources.ok("GET", f"/api/v1/hsds/organizations/{group['id']}", 404)
