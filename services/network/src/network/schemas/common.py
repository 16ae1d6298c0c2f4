"""Shared API model pieces of the network service: the page envelope and languages."""

import re
from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, Field

T = TypeVar("T")

Lang = Literal["fi", "sv", "en"]


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` until it is null."""

    items: list[T]
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last page")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: Any) -> Any:
    # pydantic would read 0 as 1970-01-01; a date must be written as one.
    if not (isinstance(value, str) and _ISO_DATE.match(value)) and not isinstance(value, date):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_date_only)]
"""A calendar date written YYYY-MM-DD (not a number)."""
