"""Shared API model pieces: the page envelope and the input base."""

import re
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from tukiverkko_common.contracts.plans import WORKER_ID_PATTERN

T = TypeVar("T")

ShortText = Field(max_length=200)
WorkerId = Field(
    pattern=WORKER_ID_PATTERN,
    description=(
        "Opaque worker id: wrk_ and 32 hex digits, minted by the worker's organisation, which keeps"
        " the mapping to the person; never a name or an identity code"
    ),
)
EXAMPLE_WORKER_ID = "wrk_0193c6a1f5e87a2c9d1e4b7f60a3c2d8"
EXAMPLE_COORDINATOR_ID = "wrk_0193c6a2b7d04e8f9a6c2e1d5b3f7a90"


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _rfc3339_only(value: Any) -> Any:
    # pydantic would read 0.5 or "1700000000" as a Unix time; an instant must be written as one.
    if isinstance(value, str) and _RFC3339.match(value):
        return value
    if isinstance(value, str | int | float):
        raise ValueError(
            "must be an RFC 3339 date-time with an offset, e.g. 2025-03-14T10:00:00+02:00"
        )
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_rfc3339_only)]
"""An aware instant written as RFC 3339 text (not a number)."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: Any) -> Any:
    # pydantic would read 0 as 1970-01-01; a date must be written as one.
    if isinstance(value, str | int | float) and not (
        isinstance(value, str) and _ISO_DATE.match(value)
    ):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_date_only)]
"""A calendar date written YYYY-MM-DD (not a number)."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control_characters(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_CONTROL.search(value))
    if isinstance(value, list | tuple | set):
        return any(_has_control_characters(v) for v in value)
    if isinstance(value, dict):
        return any(_has_control_characters(v) for v in value.values())
    return False


class Input(BaseModel):
    """Base of request bodies: unknown fields and control characters in text are refused, naming the field."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        # PostgreSQL cannot store NUL in text, and no person writes a control character on purpose.
        if _has_control_characters(value):
            raise ValueError(
                "must not contain control characters (tab and line breaks are allowed)"
            )
        return value


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` until it is null."""

    items: list[T]
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last page")
