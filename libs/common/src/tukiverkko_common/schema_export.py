"""JSON Schemas and an AsyncAPI 3.0 document generated from the registered event contracts."""

import argparse
import json
from pathlib import Path
from typing import Any

from tukiverkko_common import contracts
from tukiverkko_common.events import EventData, registered_contracts

CE_HEADERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "CloudEvents 1.0 attributes in Kafka binary content mode",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time"],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_id": {
            "type": "string",
            "description": "Event id (UUIDv7); consumers deduplicate on it",
        },
        "ce_source": {"type": "string", "description": "Producing service, e.g. /tukiverkko/plans"},
        "ce_type": {"type": "string", "description": "Versioned, past-tense event type"},
        "ce_subject": {
            "type": "string",
            "description": "The client or card the event is about (also the key)",
        },
        "ce_time": {"type": "string", "format": "date-time"},
        "ce_dataschema": {"type": "string"},
        "ce_correlationid": {"type": "string"},
        "ce_traceparent": {"type": "string", "description": "W3C trace context"},
        "content-type": {"type": "string", "const": "application/json"},
    },
}


CONTACT = {
    "name": "Tukiverkko platform team",
    "url": "https://tukiverkko.example.fi",
    "email": "tuki@example.fi",
}
"""Who answers for the interface documents (the gateway's OpenAPI names the same team)."""


def json_schema(model: type[EventData]) -> dict[str, Any]:
    """Return the JSON Schema (2020-12) of one contract's data."""
    schema = model.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = model.dataschema()
    schema["x-event-type"] = model.event_type
    schema["x-topic"] = model.topic
    return schema


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return every registered contract's JSON Schema by event type."""
    return {
        event_type: json_schema(model)
        for event_type, model in sorted(registered_contracts().items())
    }


def _message_name(event_type: str) -> str:
    return event_type.removeprefix("fi.tukiverkko.").replace(".", "_")


def asyncapi_document(servers: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return an AsyncAPI 3.0 document of the topics and their payload schemas."""
    by_topic: dict[str, list[str]] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for event_type, model in sorted(registered_contracts().items()):
        name = _message_name(event_type)
        schema = model.model_json_schema(
            mode="serialization", ref_template="#/components/schemas/{model}"
        )
        for def_name, definition in schema.pop("$defs", {}).items():
            schemas[def_name] = definition
        schemas[name] = schema
        messages[name] = {
            "name": event_type,
            "title": model.__name__,
            "summary": (model.__doc__ or "").strip().splitlines()[0]
            if model.__doc__
            else event_type,
            "contentType": "application/json",
            "headers": CE_HEADERS_SCHEMA,
            "payload": {"$ref": f"#/components/schemas/{name}"},
            "bindings": {"kafka": {"key": {"type": "string", "description": "client or card id"}}},
        }
        by_topic.setdefault(model.topic, []).append(name)
    channels = {
        topic.replace(".", "_"): {
            "address": topic,
            "description": contracts.TOPICS.get(topic, topic),
            "messages": {m: {"$ref": f"#/components/messages/{m}"} for m in names},
        }
        for topic, names in sorted(by_topic.items())
    }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Tukiverkko platform events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 in Kafka binary content mode; keyed by the client or card.",
            "contact": CONTACT,
            "tags": [{"name": t, "description": contracts.TOPICS.get(t, t)} for t in by_topic],
        },
        "defaultContentType": "application/json",
        "servers": servers or {"embedded": {"host": "127.0.0.1:9092", "protocol": "kafka"}},
        "channels": channels,
        "operations": _operations(channels),
        "components": {"messages": messages, "schemas": schemas},
    }


def _operations(channels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return one receive operation per channel, described and tagged with its topic."""
    return {
        f"receive_{cid}": {
            "action": "receive",
            "description": f"Consume {channel['address']}: {channel['description']}",
            "tags": [{"name": channel["address"]}],
            "channel": {"$ref": f"#/channels/{cid}"},
            "messages": [{"$ref": f"#/channels/{cid}/messages/{m}"} for m in channel["messages"]],
        }
        for cid, channel in channels.items()
    }


def main() -> None:
    """Write the JSON Schemas and the AsyncAPI document to a folder (`python -m ...`)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/events"))
    out = parser.parse_args().out
    (out / "schemas").mkdir(parents=True, exist_ok=True)
    for event_type, schema in json_schemas().items():
        (out / "schemas" / f"{event_type}.json").write_text(
            json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        )
    (out / "asyncapi.json").write_text(
        json.dumps(asyncapi_document(), indent=2, ensure_ascii=False) + "\n"
    )


if __name__ == "__main__":
    main()
