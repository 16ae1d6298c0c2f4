"""Helpers of the privacy test: walk write operations' string fields, read every topic, catch every log.

The walk builds, for every POST/PATCH body in a service's OpenAPI document, one body per
string field (nested objects and list items included) with that field set to a marker.
"""

import copy
import itertools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class WriteOperation:
    """A POST/PATCH with a JSON body: its path template, base example and string fields."""

    method: str
    path: str
    example: dict[str, Any]
    string_fields: list[Path]


def write_operations(spec: dict[str, Any]) -> list[WriteOperation]:
    """Return every POST/PATCH operation with a JSON body, in the document's order."""
    schemas = spec.get("components", {}).get("schemas", {})
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if method not in ("post", "patch") or body is None:
                continue
            schema = _resolve(body["schema"], schemas)
            examples = schema.get("examples") or [{}]
            fields = list(dict.fromkeys(_string_paths(body["schema"], schemas, ())))
            found.append(WriteOperation(method.upper(), path, dict(examples[0]), fields))
    return found


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _string_paths(schema: dict[str, Any], schemas: dict[str, Any], prefix: Path) -> Iterator[Path]:
    schema = _resolve(schema, schemas)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            yield from _string_paths(branch, schemas, prefix)
    kind = schema.get("type")
    if kind == "string" or ("enum" in schema and kind is None):
        yield prefix
    elif kind == "object":
        for name, sub in schema.get("properties", {}).items():
            yield from _string_paths(sub, schemas, (*prefix, name))
    elif kind == "array":
        yield from _string_paths(schema.get("items", {}), schemas, (*prefix, 0))


def with_value(body: dict[str, Any], path: Path, value: str) -> dict[str, Any]:
    """Return a copy of the body with the field at `path` set (containers made as needed)."""
    result = copy.deepcopy(body)
    node: Any = result
    for step, following in itertools.pairwise(path):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(step, int):
            if not node or not isinstance(node[0], type(empty)):
                node[:] = [empty]
            node = node[0]
        else:
            if not isinstance(node.get(step), type(empty)):
                node[step] = empty
            node = node[step]
    last = path[-1]
    if isinstance(last, int):
        node[:] = [value]
    else:
        node[last] = value
    return result


@dataclass(frozen=True)
class Record:
    """One Kafka record: where it is, its event id (ce_id) and all its bytes as text."""

    topic: str
    key: str
    event_id: str
    event_type: str
    text: str


async def every_record(bootstrap: str) -> list[Record]:
    """Return every record on every topic, from the beginning."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in sorted(await consumer.topics())
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[Record] = []
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            batch = await consumer.getmany(timeout_ms=1000)
            for tp, messages in batch.items():
                records += [_record(tp.topic, m) for m in messages]
        return records
    finally:
        await consumer.stop()


def _record(topic: str, message: Any) -> Record:
    headers = {name: (value or b"").decode("utf-8", "replace") for name, value in message.headers}
    key = (message.key or b"").decode("utf-8", "replace")
    value = (message.value or b"").decode("utf-8", "replace")
    event_id, event_type = headers.get("ce_id", ""), headers.get("ce_type", "")
    return Record(topic, key, event_id, event_type, f"{key}|{headers}|{value}")


class LogCatcher(logging.Handler):
    """Every log record any logger emits (message, arguments and extra fields)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage() + " " + repr(record.__dict__)
        if record.exc_info:
            text += " " + logging.Formatter().formatException(record.exc_info)
        self.lines.append(text)

    def install(self) -> list[logging.Logger]:
        """Attach to the root and to every logger that does not pass records up to it."""
        loggers = [logging.getLogger()] + [
            logger
            for logger in logging.root.manager.loggerDict.values()
            if isinstance(logger, logging.Logger) and not logger.propagate
        ]
        for logger in loggers:
            logger.addHandler(self)
        return loggers
