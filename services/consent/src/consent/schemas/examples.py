"""Request and response examples of the OpenAPI document."""

from pydantic.config import JsonDict

ORG_A = "0190f5a2-7c1e-7b4e-9a55-3f2d1c0b9a01"
SUBJECT = "0190f5a2-7c1e-7b4e-9a55-3f2d1c0b9a77"

CONSENT_CREATE: JsonDict = {
    "examples": [
        {
            "subject_id": SUBJECT,
            "purpose": "plan_sharing_with_provider",
            "data_categories": ["plan", "contact_details"],
            "recipients": [ORG_A],
            "given_by": {
                "role": "guardian",
                "representation_basis": "guardianship_order",
                "representation_reference": "DVV 2025/1234",
            },
            "collection_method": "written",
            "notice_version": "plan-sharing-2025-01",
            "notice_language": "sv",
            "valid_from": "2025-03-01T00:00:00+02:00",
            "valid_until": "2026-02-28T23:59:59+02:00",
        }
    ]
}
CONSENT_UPDATE: JsonDict = {"examples": [{"data_categories": ["plan"]}]}
WITHDRAW: JsonDict = {"examples": [{"reason": "Asiakas peruutti suostumuksen puhelimessa"}]}
DECISION_REQUEST: JsonDict = {
    "examples": [
        {
            "subject_id": SUBJECT,
            "recipient": ORG_A,
            "data_category": "plan",
            "purpose": "plan_sharing_with_provider",
        }
    ]
}
DECISION_READ: JsonDict = {
    "examples": [
        {
            "decision": "permit",
            "consent_ids": ["0190f5a2-8d00-7c00-8000-000000000001"],
            "reason": "covered by 1 active consent",
        }
    ]
}
SUBJECT_CREATE: JsonDict = {
    "examples": [{"kind": "resource_file_citizen", "region": "kymenlaakso"}]
}
