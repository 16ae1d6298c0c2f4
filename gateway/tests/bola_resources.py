"""BOLA objects of the resources service: a citizen card, an organisation card, an offer.

The citizen's consent subject and inclusion consent are recorded through the gateway, as a
region's system would: the person is registered for the region's resource file, and the
consent about them is visible to the organisation that registered them.
"""

from typing import Any

from gateway_harness import OrgClient
from gateway_platform import Platform

REGION = "kymenlaakso"


def inclusion_consent(subject_id: str, keeper: OrgClient) -> dict[str, Any]:
    """The body of a person's consent to be in the resource file `keeper` keeps."""
    return {
        "subject_id": subject_id,
        "purpose": "resource_file_inclusion",
        "data_categories": ["resource_card", "contact_details"],
        "recipients": [keeper.id],
        "given_by": {"role": "subject"},
        "collection_method": "written",
        "notice_version": "resources-2026-01",
        "notice_language": "fi",
    }


async def register_citizen(platform: Platform, keeper: OrgClient) -> str:
    """Register a person of the resource file with an inclusion consent for `keeper`; return the subject id."""
    region = keeper.organisation.region
    subject = await platform.ok(
        keeper, "POST", "/api/v1/subjects", 201,
        json={"kind": "resource_file_citizen", "region": region},
    )  # fmt: skip
    subject_id = subject["subject_id"]
    await platform.ok(
        keeper, "POST", "/api/v1/consents", 201, json=inclusion_consent(subject_id, keeper)
    )
    return str(subject_id)


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
