"""OpenAPI documentation shared by the routes: problem responses and request/response examples."""

from pydantic.config import JsonDict

ORG_A = "0190f5a2-7c1e-7b4e-9a55-3f2d1c0b9a01"
SUBJECT = "0190f5a2-7c1e-7b4e-9a55-3f2d1c0b9a77"

PROBLEM_SCHEMA = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details; `type` is stable per kind of error",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}


def problems(*statuses: int) -> dict[int | str, dict]:
    """Return OpenAPI `responses` documenting problem+json answers with these statuses."""
    titles = {
        400: "Malformed request",
        401: "No internal credential",
        404: "Not found",
        409: "Conflict with the current state",
        422: "Invalid input",
    }
    return {
        status: {
            "description": titles[status],
            "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
        }
        for status in statuses
    }


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
SUBJECT_CREATE: JsonDict = {"examples": [{"kind": "resource_file_partner"}]}
