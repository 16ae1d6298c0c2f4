"""Examples generated from JSON Schemas, for operations whose schemas carry none.

Values are synthetic and plausible (time-ordered ids, Helsinki-area codes, this decade's
dates); an explicit example in the schema always wins.
"""

from typing import Any

from tukiverkko_common.contracts.plans import WORKER_ID_PATTERN

SAMPLE_UUID = "0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c11"
SAMPLE_WORKER_ID = "wrk_0190f3a27c4e7b1a9c1d2f4b6a8e0c11"
BY_FORMAT = {
    "uuid": SAMPLE_UUID,
    "date": "2026-03-02",
    "date-time": "2026-03-02T08:15:00Z",
    "email": "tuki@example.fi",
    "uri": "https://example.fi/",
    "time": "09:30:00",
    "duration": "P1D",
}
BY_NAME = {
    "month": "2026-03",
    "municipality": "286",
    "district": "kuusankoski",
    "language": "fi",
    "modified_after": "2026-03-01T00:00:00Z",
    "cursor": None,
}
# Nesting counts every anyOf and $ref hop, so a list of objects holding optional objects
# is already a dozen levels deep; recursion through a schema is stopped by its ref chain.
MAX_DEPTH = 32


def example_for(
    schema: dict[str, Any],
    components: dict[str, Any],
    name: str | None = None,
    depth: int = 0,
    refs: frozenset[str] = frozenset(),
) -> Any:
    """Return an example value valid for common schemas (explicit examples first)."""
    if depth > MAX_DEPTH or not isinstance(schema, dict):
        return None
    if "$ref" in schema:
        if schema["$ref"] in refs:
            return None
        target = components.get(schema["$ref"].rsplit("/", 1)[1], {})
        value = example_for(target, components, name, depth + 1, refs | {schema["$ref"]})
        return fill_nulls(value, target, components)
    for key in ("example", "default", "const"):
        if key in schema and schema[key] is not None:
            return schema[key]
    if schema.get("examples"):
        examples = schema["examples"]
        return examples[0] if isinstance(examples, list) else next(iter(examples.values()), None)
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example_for(options[0], components, name, depth + 1, refs)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = example_for(part, components, name, depth + 1, refs)
            if isinstance(value, dict):
                merged.update(value)
            elif value is not None:
                return value
        return merged
    return _by_type(schema, components, name, depth, refs)


def _by_type(
    schema: dict[str, Any],
    components: dict[str, Any],
    name: str | None,
    depth: int,
    refs: frozenset[str],
) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {
            key: example_for(sub, components, key, depth + 1, refs) for key, sub in props.items()
        }
    if kind == "array":
        item = example_for(schema.get("items", {}), components, name, depth + 1, refs)
        count = max(schema.get("minItems", 1), 1)
        return [item] * count if item is not None else []
    if kind == "integer":
        return (
            max(int(schema.get("minimum", 1)), 1)
            if "maximum" not in schema
            else int(schema.get("minimum", 1))
        )
    if kind == "number":
        return float(schema.get("minimum", 1.5))
    if kind == "boolean":
        return True
    if kind == "string":
        return _string(schema, name)
    return None


def _string(schema: dict[str, Any], name: str | None) -> str | None:
    if schema.get("format") in BY_FORMAT:
        return BY_FORMAT[schema["format"]]
    if name in BY_NAME:
        return BY_NAME[name]
    # Worker ids end in _id but are opaque wrk_ ids, not UUIDs.
    if schema.get("pattern") == WORKER_ID_PATTERN:
        return SAMPLE_WORKER_ID
    if name and name.endswith("_id"):
        return SAMPLE_UUID
    text = "esimerkki"
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if len(text) < low:
        text = text + "x" * (low - len(text))
    if high is not None:
        text = text[:high]
    return text


def fill_nulls(value: Any, schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """Put back the required-but-null fields that FastAPI drops from examples (exclude_none)."""
    schema = _resolve(schema, components)
    if isinstance(value, list):
        items = schema.get("items", {})
        return [fill_nulls(item, items, components) for item in value]
    if not isinstance(value, dict):
        return value
    branches = [_resolve(b, components) for b in schema.get("anyOf", schema.get("oneOf", []))]
    objects = [b for b in branches if b.get("type") == "object" or "properties" in b]
    if objects:
        return fill_nulls(value, objects[0], components)
    props = schema.get("properties", {})
    for key in schema.get("required", []):
        if key not in value and key in props and _admits_null(props[key], components):
            value[key] = None
    for key, sub in props.items():
        if key in value:
            value[key] = fill_nulls(value[key], sub, components)
    return value


def _resolve(schema: Any, components: dict[str, Any]) -> dict[str, Any]:
    for _ in range(MAX_DEPTH):
        if not isinstance(schema, dict) or "$ref" not in schema:
            break
        schema = components.get(schema["$ref"].rsplit("/", 1)[1], {})
    return schema if isinstance(schema, dict) else {}


def _admits_null(schema: dict[str, Any], components: dict[str, Any]) -> bool:
    schema = _resolve(schema, components)
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(_admits_null(b, components) for b in schema.get("anyOf", schema.get("oneOf", [])))


# One realistic problem per status, so a reader sees what each answer really looks like.
_PROBLEMS: dict[int, tuple[str, str, str]] = {
    400: ("bad-request", "Bad request", "the request body is not valid JSON"),
    401: ("unauthorized", "Unauthorized", "the bearer token has expired"),
    403: (
        "consent-required",
        "Forbidden",
        "the client has not consented to disclosing plan data to your organisation",
    ),
    404: ("not-found", "Not found", f"no plan with id {SAMPLE_UUID}"),
    405: ("method-not-allowed", "Method not allowed", "this path does not accept that method"),
    409: ("conflict", "Conflict", "the object was changed since you read it"),
    413: ("payload-too-large", "Payload too large", "the body is larger than 1048576 bytes"),
    415: ("unsupported-media-type", "Unsupported media type", "send application/json"),
    422: ("validation-error", "Invalid input", "valid_from: Input should be a valid date"),
    429: ("rate-limited", "Too many requests", "retry after 1 second"),
    500: ("internal-error", "Internal server error", "the error was logged"),
    502: ("bad-gateway", "Bad gateway", "a service answered with something unexpected"),
    503: ("service-unavailable", "Service unavailable", "the plans service is unavailable"),
    504: ("upstream-timeout", "Gateway timeout", "the plans service did not answer in time"),
}
_OAUTH_ERRORS: dict[int, dict[str, str]] = {
    400: {"error": "unsupported_grant_type", "error_description": "use client_credentials"},
    401: {"error": "invalid_client", "error_description": "unknown client or wrong secret"},
    413: {"error": "invalid_request", "error_description": "request body too large"},
    429: {"error": "slow_down", "error_description": "too many token requests; retry later"},
}


def problem_example(status: int, path: str) -> dict[str, Any]:
    """Return a problem-details body typical of `status` at the operation `path`."""
    kind, title, detail = _PROBLEMS.get(status, ("error", f"Error {status}", "see the title"))
    body: dict[str, Any] = {
        "type": f"https://tukiverkko.example/problems/{kind}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": _fill_path(path),
        "request_id": "0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c99",
    }
    if status == 422:
        body["errors"] = [
            {"field": "valid_from", "message": "Input should be a valid date", "code": "date_type"}
        ]
    return body


def oauth_error_example(status: int) -> dict[str, str]:
    """Return an RFC 6749 error body typical of `status` at the token endpoint."""
    return _OAUTH_ERRORS.get(status, {"error": "invalid_request"})


def _fill_path(path: str) -> str:
    parts = path.split("/")
    return "/".join(BY_NAME.get(p[1:-1]) or SAMPLE_UUID if p.startswith("{") else p for p in parts)
