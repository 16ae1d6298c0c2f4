"""OpenAPI documentation shared by the routes: the problem+json responses."""

from typing import Any

from tukiverkko_common.problems import PROBLEM_JSON

_TITLES = {
    401: "No internal credential",
    404: "Not found",
    409: "Conflict with the current state (e.g. no inclusion consent in force)",
    422: "Invalid input (the field is named)",
    503: "The consent service could not answer; nothing was changed",
}
_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {"type": {"type": "string"}, "status": {"type": "integer"}},
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return OpenAPI `responses` documenting problem+json answers with these statuses."""
    return {
        s: {"description": _TITLES[s], "content": {PROBLEM_JSON: {"schema": _SCHEMA}}}
        for s in statuses
    }
