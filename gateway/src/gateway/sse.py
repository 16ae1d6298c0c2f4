"""Server-Sent Events for dashboards: the pseudonymised stream, filtered by scope, resumable.

One hub per process watches the newest sequence number (a cheap indexed query, only
while someone listens) and wakes every open stream; each stream then reads the records
after its own Last-Event-ID that its scopes allow. The consumer may run in another
process (the worker), so the database, not memory, is the source of truth.
"""

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from sqlalchemy import func, select
from sse_starlette import EventSourceResponse

from gateway.auth.caller import Caller, CallerDep
from gateway.models import stream_records
from gateway.openapi_docs import error_responses
from gateway.policy import STREAM_SCOPES
from gateway.schemas import StreamRecord
from gateway.state import get_state
from tukiverkko_common.clock import as_utc
from tukiverkko_common.problems import Problem

log = logging.getLogger(__name__)
router = APIRouter(tags=["events"])


class StreamHub:
    """Tell waiting streams when records beyond a sequence number exist.

    The consumer (when it runs in this process) nudges the hub as it stores a record;
    the record is visible only once the consumer's transaction commits, so a nudge
    starts a short burst of quick polls instead of a single look.
    """

    BURST_SECONDS = 0.25
    BURST_INTERVAL = 0.002

    def __init__(self, sessions: Any, poll_seconds: float) -> None:
        self._sessions = sessions
        self._poll = poll_seconds
        self.latest = 0
        self._changed = asyncio.Event()
        self._listeners = 0
        self._wanted = asyncio.Event()
        self._kick = asyncio.Event()
        self._burst_until = 0.0

    def nudge(self) -> None:
        """A record is about to be committed: look often for a moment."""
        self._burst_until = time.monotonic() + self.BURST_SECONDS
        self._kick.set()

    async def run(self) -> None:
        """Poll the newest sequence number while anyone is listening."""
        while True:
            await self._wanted.wait()
            try:
                async with self._sessions() as session:
                    latest = await session.scalar(select(func.max(stream_records.c.seq))) or 0
                if latest > self.latest:
                    self.latest = latest
                    self._burst_until = 0.0
                    self._changed.set()
                    self._changed = asyncio.Event()
            except Exception as exc:  # database hiccup: the streams just wait a little longer
                log.warning("stream hub poll failed: %s", type(exc).__name__)
            bursting = time.monotonic() < self._burst_until
            self._kick.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._kick.wait(), self.BURST_INTERVAL if bursting else self._poll
                )

    async def wait_beyond(self, seq: int, timeout: float) -> None:
        """Return when a record newer than `seq` may exist, or after `timeout`."""
        if self.latest > seq:
            return
        self._listeners += 1
        self._wanted.set()
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            pass
        finally:
            self._listeners -= 1
            if self._listeners == 0:
                self._wanted.clear()


def _visible_streams(scopes: frozenset[str]) -> list[str]:
    return [stream for stream, scope in STREAM_SCOPES.items() if scope in scopes]


def _area_filter(caller: Caller) -> Any:
    """Return the condition of the records the caller's area holds: its region, else its municipality.

    Pseudonymised records still tell a region's story (counts, shortfalls, districts); another
    region's dashboard has no basis to see them. An organisation with neither area sees nothing.
    """
    organisation = caller.organisation
    if organisation.region is not None:
        return stream_records.c.region == organisation.region
    if organisation.municipality is not None:
        return stream_records.c.municipality == organisation.municipality
    log.info("stream refused: organisation %s has no region", organisation.id)
    raise Problem(
        403, "no-area", "Forbidden", "the stream shows one region's records: register a region"
    )


def _record(row: Any) -> dict[str, Any]:
    return StreamRecord(
        seq=row.seq,
        type=row.event_type,
        stream=row.stream,
        subject=row.subject,
        municipality=row.municipality,
        district=row.district,
        region=row.region,
        occurred_at=as_utc(row.occurred_at),
        attributes=row.attributes,
    ).model_dump(mode="json")


async def _page(
    sessions: Any,
    scope: tuple[list[str], Any],
    after: int,
    limit: int,
    types: list[str] | None,
) -> list[Any]:
    streams, area = scope
    query = (
        select(stream_records)
        .where(stream_records.c.seq > after, stream_records.c.stream.in_(streams), area)
        .order_by(stream_records.c.seq)
        .limit(limit)
    )
    if types:
        query = query.where(stream_records.c.event_type.in_(types))
    async with sessions() as session:
        return list((await session.execute(query)).all())


@router.get(
    "/api/v1/events/stream",
    summary="Live stream of pseudonymised platform events (Server-Sent Events)",
    description=(
        "Each SSE message has `id` = the record's sequence number, `event` = the event type and `data` = a "
        "StreamRecord. Reconnect with `Last-Event-ID` (or `last_event_id`) to resume after the last record "
        "seen. Scopes `stream:plans`, `stream:consent`, `stream:resources`, `stream:network` and `stream:housing` choose "
        "which streams arrive; only records of "
        "the caller's own wellbeing region (a municipality: its own residents) arrive."
    ),
    response_class=EventSourceResponse,
    responses={
        200: {
            "content": {
                "text/event-stream": {
                    "schema": {"type": "string"},
                    "example": 'id: 1042\nevent: fi.tukiverkko.plans.visit_recorded.v1\ndata: {"seq":1042,"stream":"plans"}\n\n',
                }
            },
            "description": "An endless event stream",
        },
        **error_responses(statuses=(401, 403, 422, 429)),
    },
)
async def stream_events(
    request: Request,
    caller: CallerDep,
    last_event_id: Annotated[
        int | None, Query(ge=0, description="Resume after this sequence number")
    ] = None,
    last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    types: Annotated[
        list[str] | None, Query(max_length=20, description="Only these event types")
    ] = None,
) -> EventSourceResponse:
    """Stream records after the resume point, then new ones as they arrive."""
    state = get_state(request)
    streams = _visible_streams(caller.scopes)
    if not streams:
        raise Problem(
            403,
            "insufficient-scope",
            "Forbidden",
            "the stream needs stream:plans or stream:consent",
        )
    scope = (streams, _area_filter(caller))
    after = last_event_id or 0
    if last_event_id_header:
        if not last_event_id_header.isdigit():
            raise Problem(
                422, "validation-error", "Invalid input", "Last-Event-ID: must be a sequence number"
            )
        after = int(last_event_id_header)
    settings = state.settings

    async def events() -> AsyncIterator[dict[str, Any]]:
        cursor = after
        while True:
            rows = await _page(
                state.runtime.sessions, scope, cursor, settings.sse_batch_size, types
            )
            for row in rows:
                yield {
                    "id": str(row.seq),
                    "event": row.event_type,
                    "data": json.dumps(_record(row)),
                }
            if rows:
                cursor = rows[-1].seq
                continue
            await state.hub.wait_beyond(
                max(cursor, state.hub.latest), settings.sse_heartbeat_seconds
            )

    return EventSourceResponse(
        events(), ping=settings.sse_heartbeat_seconds, headers={"Cache-Control": "no-store"}
    )


@router.get(
    "/api/v1/events",
    summary="Page of pseudonymised platform events (the stream's records, for backfill)",
    response_model=list[StreamRecord],
    responses=error_responses(statuses=(401, 403, 422, 429)),
)
async def list_events(
    request: Request,
    caller: CallerDep,
    after: Annotated[int, Query(ge=0, description="Records with a larger sequence number")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Return records after a sequence number, oldest first."""
    state = get_state(request)
    streams = _visible_streams(caller.scopes)
    if not streams:
        raise Problem(
            403, "insufficient-scope", "Forbidden", "events need stream:plans or stream:consent"
        )
    scope = (streams, _area_filter(caller))
    return [_record(row) for row in await _page(state.runtime.sessions, scope, after, limit, None)]
