"""Examples generated from JSON Schemas, for operations whose schemas carry none.

Values are synthetic and plausible (time-ordered ids, Helsinki-area codes, this decade's
dates); an explicit example in the schema always wins.
"""

from typing import Any

SAMPLE_UUID = "0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c11"
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
MAX_DEPTH = 8


def example_for(
    schema: dict[str, Any], components: dict[str, Any], name: str | None = None, depth: int = 0
) -> Any:
    """Return an example value valid for common schemas (explicit examples first)."""
    if depth > MAX_DEPTH or not isinstance(schema, dict):
        return None
    if "$ref" in schema:
        target = components.get(schema["$ref"].rsplit("/", 1)[1], {})
        return example_for(target, components, name, depth + 1)
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
            return example_for(options[0], components, name, depth + 1)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = example_for(part, components, name, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
            elif value is not None:
                return value
        return merged
    return _by_type(schema, components, name, depth)


def _by_type(
    schema: dict[str, Any], components: dict[str, Any], name: str | None, depth: int
) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {key: example_for(sub, components, key, depth + 1) for key, sub in props.items()}
    if kind == "array":
        item = example_for(schema.get("items", {}), components, name, depth + 1)
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
    if name and name.endswith("_id"):
        return SAMPLE_UUID
    text = "esimerkki"
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if len(text) < low:
        text = text + "x" * (low - len(text))
    if high is not None:
        text = text[:high]
    return text
