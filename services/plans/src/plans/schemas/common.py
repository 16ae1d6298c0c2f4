"""Shared API model pieces: the page envelope and the input base."""

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

ShortText = Field(max_length=200)
WorkerId = Field(min_length=1, max_length=128, description="Pseudonymous worker id, as the gateway knows it")


class Input(BaseModel):
    """Base of request bodies: unknown fields are refused, naming the field."""

    model_config = ConfigDict(extra="forbid")


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` until it is null."""

    items: list[T]
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last page")
