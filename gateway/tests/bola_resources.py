"""BOLA objects of the resources service: a citizen card, an organisation card, an offer.

The citizen's consent subject and inclusion consent are recorded in the consent service
directly (as the region's consent system would): the gateway's consent routes resolve a
subject as a client, and a resource-file citizen is not one.
"""

from typing import Any

import httpx
from gateway_harness import OrgClient
from gateway_platform import Platform

REGION = "kymenlaakso"


async def register_citizen(platform: Platform, keeper: OrgClient) -> str:
    """Register a person of the resource file with an inclusion consent for `keeper`; return the subject id."""
    token = platform.consent.app.state.runtime.settings.internal_token.get_secret_value()
    headers = {"x-internal-token": token, "x-actor-organisation": keeper.id}
    async with httpx.AsyncClient(base_url=platform.consent.url, headers=headers) as consent:
        subject = await consent.post("/api/v1/subjects", json={"kind": "resource_file_citizen"})
        assert subject.status_code == 201, subject.text
        subject_id = subject.json()["subject_id"]
        granted = await consent.post(
            "/api/v1/consents",
            json={
                "subject_id": subject_id,
                "purpose": "resource_file_inclusion",
                "data_categories": ["resource_card", "contact_details"],
                "recipients": [keeper.id],
                "given_by": {"role": "subject"},
                "collection_method": "written",
                "notice_version": "resources-2026-01",
                "notice_language": "fi",
            },
        )
        assert granted.status_code == 201, granted.text
    return subject_id


async def bola_objects(platform: Platform, owner: OrgClient, provider: OrgClient) -> dict[str, Any]:
    """Path parameter → an object of region A's organisation `owner`."""
    organisation = await platform.ok(
        owner, "POST", "/api/v1/organisation-cards", 201,
        json={
            "region": REGION, "name_fi": "Testin Kerhoyhdistys ry", "sector": "third_sector",
            "districts": ["kuusankoski"], "offers": [{"name_fi": "Kerho", "life_area": "leisure"}],
        },
    )  # fmt: skip
    subject_id = await register_citizen(platform, owner)
    citizen = await platform.ok(
        owner, "POST", "/api/v1/citizen-cards", 201,
        json={"region": REGION, "subject_id": subject_id, "name": "Testi Henkilö",
              "contact": {"phone": "+358 40 000 0990"}, "districts": ["kuusankoski"]},
    )  # fmt: skip
    return {
        "card_id": citizen["id"],
        "organization_id": organisation["id"],
        "hsds_service_id": organisation["offers"][0]["id"],
    }
