"""Input rules every service's API shares: instants written as RFC 3339 text, text without control characters.

Each is a pydantic type or base model, so a breach is a 422 naming the field, never a 500.
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    field_validator,
)

RFC3339_START = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)
"""Instants a service accepts: a day inside Python's range, so moving one to UTC or to any
local time (Helsinki for calendar logic) can never overflow."""


def _rfc3339_text(value: Any) -> Any:
    # pydantic would read 0.5 or "1700000000" as a Unix time; an instant must be written as one.
    if isinstance(value, str) and RFC3339_START.match(value):
        return value
    if isinstance(value, str | int | float):
        raise ValueError(
            "must be an RFC 3339 date-time with an offset, e.g. 2025-03-14T10:00:00+02:00"
        )
    return value


def _representable(value: datetime) -> datetime:
    # 0001-01-01T00:00+02:00 or 9999-12-31T23:00-02:00 parse, but lie outside what datetime can
    # hold in UTC: converting them later would raise OverflowError deep inside a use case.
    try:
        in_range = EARLIEST <= value.astimezone(UTC) <= LATEST
    except OverflowError:
        in_range = False
    if not in_range:
        raise ValueError(
            f"must lie between {EARLIEST.date().isoformat()} and {LATEST.date().isoformat()} (UTC)"
        )
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_rfc3339_text), AfterValidator(_representable)]
"""An aware instant written as RFC 3339 text with its offset; naive times, numbers and instants
outside the representable range are refused."""

NO_CONTROL_CHARS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""Text may hold line breaks and tabs, never NUL or other control characters (PostgreSQL refuses NUL)."""
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Text = Annotated[str, StringConstraints(pattern=NO_CONTROL_CHARS)]
"""A string without control characters (the rule shows in the OpenAPI document as a pattern)."""


def has_control_characters(value: Any) -> bool:
    """Return True when a string, or any string inside a list, tuple, set or dict, holds one."""
    if isinstance(value, str):
        return bool(CONTROL_CHARACTERS.search(value))
    if isinstance(value, list | tuple | set):
        return any(has_control_characters(v) for v in value)
    if isinstance(value, dict):
        return any(has_control_characters(v) for v in value.values())
    return False


class Input(BaseModel):
    """Base of request bodies: unknown fields and control characters in text are refused, naming the field."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        # PostgreSQL cannot store NUL in text, and no person writes a control character on purpose.
        if has_control_characters(value):
            raise ValueError(
                "must not contain control characters (tab and line breaks are allowed)"
            )
        return value
