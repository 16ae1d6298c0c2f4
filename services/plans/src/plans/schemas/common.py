"""Shared API model pieces of the plans service: the page envelope, dates and worker ids.

The input base, instants and text rules every service shares are in `tukiverkko_common.fields`."""

import re
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, Field

from tukiverkko_common.contracts.plans import WORKER_ID_PATTERN

T = TypeVar("T")

EXAMPLE_WORKER_ID = "wrk_0193c6a1f5e87a2c9d1e4b7f60a3c2d8"
EXAMPLE_COORDINATOR_ID = "wrk_0193c6a2b7d04e8f9a6c2e1d5b3f7a90"
ShortText = Field(max_length=200)
# The example keeps generated response examples valid: a bare *_id field would get a UUID.
WorkerId = Field(
    pattern=WORKER_ID_PATTERN,
    description=(
        "Opaque worker id: wrk_ and 32 hex digits, minted by the worker's organisation, which keeps"
        " the mapping to the person; never a name or an identity code"
    ),
    examples=[EXAMPLE_WORKER_ID],
)

ABSENT: Any = None
"""Default of an update field that may be left out but not set to null: pydantic does not
validate defaults, so an omitted field reads None while an explicit null fails its type."""


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


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` until it is null."""

    items: list[T]
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last page")
