"""Incremental sync, one format for every service: `modified_after` and an opaque cursor over
(modified_at, id), page size capped.

A cursor carries only the position of the last row the caller already received, so it reveals
nothing the caller has not seen; a cursor that does not decode is a 422 naming `cursor`."""

import base64
import binascii
import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Query
from sqlalchemy import and_, or_
from sqlmodel.sql.expression import SelectOfScalar

from tukiverkko_common.clock import as_utc
from tukiverkko_common.fields import Instant
from tukiverkko_common.problems import invalid

T = TypeVar("T")

MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class PageParams:
    """What a sync client sends on every list."""

    modified_after: datetime | None
    cursor: tuple[datetime, UUID] | None
    limit: int


def encode_cursor(modified_at: datetime, ident: UUID) -> str:
    """Return the opaque cursor that resumes after this row."""
    raw = json.dumps([as_utc(modified_at).isoformat(), str(ident)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    """Return (modified_at, id) from a cursor, or raise a 422 naming `cursor`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, ident = json.loads(raw)
        return as_utc(datetime.fromisoformat(stamp)), UUID(ident)
    except (ValueError, TypeError, OverflowError, binascii.Error, json.JSONDecodeError):
        raise invalid(
            "cursor", "is not a cursor this service issued; start again without it"
        ) from None


async def page_params(
    modified_after: Annotated[
        Instant | None,
        Query(description="Only rows changed after this instant (RFC 3339, with offset)"),
    ] = None,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size")] = 100,
) -> PageParams:
    """Read the sync parameters of a list request."""
    return page_request(modified_after=modified_after, cursor=cursor, limit=limit)


def page_request(*, modified_after: datetime | None, cursor: str | None, limit: int) -> PageParams:
    """Return the sync parameters of a list whose route declares its own query parameters."""
    return PageParams(
        modified_after=as_utc(modified_after) if modified_after else None,
        cursor=decode_cursor(cursor) if cursor else None,
        limit=limit,
    )


PageDep = Annotated[PageParams, Depends(page_params)]


def apply_page(query: SelectOfScalar[T], model: Any, params: PageParams) -> SelectOfScalar[T]:
    """Add the sync filters, the stable order and limit+1 (to know whether a next page exists)."""
    if params.modified_after is not None:
        query = query.where(model.modified_at > params.modified_after)
    if params.cursor is not None:
        stamp, ident = params.cursor
        query = query.where(
            or_(model.modified_at > stamp, and_(model.modified_at == stamp, model.id > ident))
        )
    return query.order_by(model.modified_at, model.id).limit(params.limit + 1)


def cut_page(rows: list[Any], params: PageParams) -> tuple[list[Any], str | None]:
    """Return the page's rows and the cursor of the next page (None on the last page)."""
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    return rows, encode_cursor(rows[-1].modified_at, rows[-1].id)


def encode_rank_cursor(rank: float, ident: UUID) -> str:
    """Return the opaque cursor that resumes a ranked list (rank descending, then id) after this row."""
    raw = json.dumps([rank, str(ident)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_rank_cursor(cursor: str) -> tuple[float, UUID]:
    """Return (rank, id) from a ranked list's cursor, or raise a 422 naming `cursor`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        rank, ident = json.loads(raw)
        if isinstance(rank, bool) or not isinstance(rank, int | float) or not math.isfinite(rank):
            raise ValueError(rank)
        return float(rank), UUID(ident)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise invalid(
            "cursor", "is not a cursor this service issued; start again without it"
        ) from None
