"""Shared API model pieces: the input base, recipients, stored text and instants, validated the same way everywhere."""

import re
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
)

from consent.codes import TEAM

UUID_OR_TEAM = (
    r"^(team|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)
NO_CONTROL_CHARS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""Text may hold line breaks and tabs, never NUL or other control characters (PostgreSQL refuses NUL)."""

Text = Annotated[str, StringConstraints(pattern=NO_CONTROL_CHARS)]


def _recipient(value: str) -> str:
    if value == TEAM:
        return value
    try:
        return str(UUID(value))
    except ValueError:
        raise ValueError("must be an organisation UUID or 'team'") from None


Recipient = Annotated[str, StringConstraints(pattern=UUID_OR_TEAM), AfterValidator(_recipient)]


def unique(values: list | None) -> list | None:
    """Return the list without repeats, in first-seen order (None stays None)."""
    return None if values is None else list(dict.fromkeys(values))


def _written_time(value: Any) -> Any:
    # Pydantic would read 1700000000 (or "1700000000") as seconds since the epoch; the API documents
    # RFC 3339 text, and a bare number is more likely a mistake than an instant.
    if isinstance(value, int | float) or (
        isinstance(value, str) and re.fullmatch(r"\s*[-+]?[\d.eE+-]+\s*", value)
    ):
        raise ValueError(
            "must be an RFC 3339 date-time with a time zone, e.g. 2025-03-01T09:00:00+02:00"
        )
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_written_time)]
"""A point in time written as RFC 3339 text with its offset; naive times and numbers are refused."""


class Input(BaseModel):
    """Base of request bodies: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")
