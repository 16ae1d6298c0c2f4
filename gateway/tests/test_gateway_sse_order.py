"""Paging by `seq > after` must never skip a record that commits after a higher sequence number.

On PostgreSQL a sequence hands out numbers at insert time, not at commit: with two
consumer transactions in flight, the later number can become visible first. A reader that
moves its cursor past it would never see the earlier one.
"""

import asyncio
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from gateway_harness import Gateway, OrgClient, wait_until
from sqlalchemy import text

from gateway.stream import record_for_stream
from tukiverkko_common.contracts import plans as plans_contracts
from tukiverkko_common.events import CloudEvent

NOW = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)


def _registered() -> CloudEvent:
    client_id = uuid4()
    data = plans_contracts.ClientRegistered(
        client_id=client_id, municipality="286", region="kymenlaakso", registered_at=NOW
    )
    return CloudEvent.wrap(data, source="/tukiverkko/plans", subject=str(client_id))


async def _record_and_commit(gateway: Gateway, event: CloudEvent) -> None:
    state = gateway.state
    async with state.runtime.uow() as uow:
        await record_for_stream(uow, event, state.pseudonyms, plans_contracts.TOPIC)
        await uow.commit()


async def _blocked_on_a_lock(gateway: Gateway) -> bool:
    async with gateway.state.runtime.sessions() as session:
        waiting = await session.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted"))
    return bool(waiting)


async def _backfill(gateway: Gateway, dashboard: OrgClient, after: int) -> list[dict[str, Any]]:
    response = await gateway.call(
        dashboard, "GET", "/api/v1/events", params={"after": str(after), "limit": "500"}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_record_committed_after_a_higher_seq_is_still_delivered(
    database_url: str, fresh_gateway: Gateway
):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: numbers are taken in commit order")
    dashboard = await fresh_gateway.register(
        "Järjestystä seuraava tilannekuva",
        "dashboard",
        scopes=["stream:plans"],
        region="kymenlaakso",
    )
    early, late = _registered(), _registered()
    state = fresh_gateway.state
    async with state.runtime.uow() as first:
        # T1 takes the lower number and stays open; T2 takes the next one and tries to commit.
        await record_for_stream(first, early, state.pseudonyms, plans_contracts.TOPIC)
        second = asyncio.create_task(_record_and_commit(fresh_gateway, late))

        async def second_settled() -> bool:
            return second.done() or await _blocked_on_a_lock(fresh_gateway)

        await wait_until(second_settled)
        seen = await _backfill(fresh_gateway, dashboard, 0)
        await first.commit()
    await second
    cursor = seen[-1]["seq"] if seen else 0
    seen += await _backfill(fresh_gateway, dashboard, cursor)
    subjects = {record["subject"] for record in seen}
    expected = {state.pseudonyms.subject(e.data["client_id"]) for e in (early, late)}
    assert subjects == expected, "a record committed after a higher sequence number was skipped"
    assert [r["seq"] for r in seen] == sorted(r["seq"] for r in seen)
