"""OpenAPI documentation shared by the routes: the problem responses."""

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
