"""CloudEvents 1.0 envelope in Kafka binary content mode, and the contract base class."""

import json
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from tukiverkko_common import context
from tukiverkko_common.clock import utcnow
from tukiverkko_common.ids import new_id_str

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


class EventData(BaseModel):
    """Base of every published event payload (a versioned, additive-only contract)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]
    topic: ClassVar[str]

    @classmethod
    def dataschema(cls) -> str:
        """Return the URI naming this contract's JSON Schema."""
        return f"urn:tukiverkko:schema:{cls.event_type}"


_REGISTRY: dict[str, type[EventData]] = {}


def contract(cls: type[EventData]) -> type[EventData]:
    """Register an event contract so consumers and schema export can find it by type."""
    if cls.event_type in _REGISTRY and _REGISTRY[cls.event_type] is not cls:
        raise ValueError(f"event type {cls.event_type} registered twice")
    _REGISTRY[cls.event_type] = cls
    return cls


def registered_contracts() -> dict[str, type[EventData]]:
    """Return every registered contract by event type (import the contract modules first)."""
    return dict(_REGISTRY)


class InvalidEnvelope(ValueError):
    """A Kafka message that is not a valid CloudEvent of ours."""


class CloudEvent(BaseModel):
    """CloudEvents 1.0 attributes plus the correlation and trace extensions."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default_factory=new_id_str)
    source: str
    type: str
    subject: str | None = None
    time: datetime = Field(default_factory=utcnow)
    datacontenttype: str = CONTENT_TYPE
    dataschema: str | None = None
    correlationid: str | None = None
    traceparent: str | None = None
    data: dict[str, Any]

    @classmethod
    def wrap(cls, payload: EventData, *, source: str, subject: str | None) -> "CloudEvent":
        """Build an envelope for a contract payload, taking correlation from the context.

        Every attribute is made here from a validated payload, so the envelope skips
        validation (it runs once per staged event, inside the write transaction).
        """
        return cls.model_construct(
            id=new_id_str(),
            source=source,
            type=payload.event_type,
            subject=subject,
            time=utcnow(),
            datacontenttype=CONTENT_TYPE,
            dataschema=payload.dataschema(),
            correlationid=context.correlation_id.get() or context.request_id.get(),
            traceparent=context.traceparent.get(),
            data=payload.model_dump(mode="json"),
        )

    def kafka_headers(self) -> list[tuple[str, bytes]]:
        """Return the `ce_*` headers of binary content mode."""
        return [(k, v.encode()) for k, v in self.header_pairs()]

    def header_pairs(self) -> list[tuple[str, str]]:
        """Return the `ce_*` headers as text pairs (as the outbox stores them)."""
        attrs = {
            "ce_specversion": SPEC_VERSION,
            "ce_id": self.id,
            "ce_source": self.source,
            "ce_type": self.type,
            "ce_time": self.time.isoformat(),
            "content-type": self.datacontenttype,
            "ce_subject": self.subject,
            "ce_dataschema": self.dataschema,
            "ce_correlationid": self.correlationid,
            "ce_traceparent": self.traceparent,
        }
        return [(k, v) for k, v in attrs.items() if v is not None]

    def body(self) -> bytes:
        """Return the JSON body (the event data)."""
        return json.dumps(self.data, separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def from_kafka(
        cls, headers: list[tuple[str, bytes]] | tuple, value: bytes | None
    ) -> "CloudEvent":
        """Parse a binary-mode Kafka message; raise InvalidEnvelope naming what is wrong."""
        found = {k: v.decode("utf-8", "replace") for k, v in headers or ()}
        missing = [h for h in ("ce_id", "ce_source", "ce_type") if h not in found]
        if missing:
            raise InvalidEnvelope(f"missing CloudEvents header(s): {', '.join(missing)}")
        if found.get("ce_specversion") != SPEC_VERSION:
            raise InvalidEnvelope(f"unsupported ce_specversion {found.get('ce_specversion')!r}")
        try:
            data = json.loads(value or b"null")
        except json.JSONDecodeError as exc:
            raise InvalidEnvelope(f"body is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise InvalidEnvelope("body must be a JSON object")
        try:
            return cls(
                id=found["ce_id"],
                source=found["ce_source"],
                type=found["ce_type"],
                subject=found.get("ce_subject"),
                time=found.get("ce_time") or utcnow(),
                datacontenttype=found.get("content-type", CONTENT_TYPE),
                dataschema=found.get("ce_dataschema"),
                correlationid=found.get("ce_correlationid"),
                traceparent=found.get("ce_traceparent"),
                data=data,
            )
        except ValueError as exc:
            raise InvalidEnvelope(str(exc)) from exc

    def payload(self) -> EventData:
        """Parse the data as its registered contract."""
        model = _REGISTRY.get(self.type)
        if model is None:
            raise InvalidEnvelope(f"no contract registered for {self.type}")
        return model.model_validate(self.data)


def key_for(value: UUID | str) -> str:
    """Return the partition key string for a client or card id."""
    return str(value)
