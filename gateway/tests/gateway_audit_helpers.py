"""Reading what the gateway recorded: audit entries in its outbox."""

import json
from typing import Any

from sqlalchemy import select

from gateway.models import messaging
from tukiverkko_common.contracts.audit import AccessLogged, DataDisclosed


async def audit_rows(gateway: Any, client_id: str | None = None) -> list[dict[str, Any]]:
    """Return the audit events in the gateway's outbox (oldest first), with their headers."""
    outbox = messaging.outbox
    query = (
        select(outbox.c.event_type, outbox.c.payload, outbox.c.headers, outbox.c.key)
        .where(outbox.c.event_type.in_([AccessLogged.event_type, DataDisclosed.event_type]))
        .order_by(outbox.c.seq)
    )
    if client_id is not None:
        query = query.where(outbox.c.key == client_id)
    async with gateway.state.runtime.sessions() as session:
        rows = (await session.execute(query)).all()
    return [
        {"type": r.event_type, **json.loads(r.payload), "headers": dict(r.headers)} for r in rows
    ]


def of_kind(rows: list[dict[str, Any]], event_type: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["type"] == event_type]
