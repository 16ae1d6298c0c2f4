"""Rent-ledger queries: the client a row names (within the region), open plans, imported months."""

from typing import Any
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from plans.models import Client, Plan, RentLedgerEntry

# A client's open plan; a ledger row about a client with none cannot open a task.
OPEN = ("draft", "active", "under_review")


async def clients_for(
    session: AsyncSession, region: str, apartment: str | None, client_id: UUID | None
) -> list[Client]:
    """Return the region's clients a row names: by id, else by the apartment code (at most 2)."""
    query = select(Client).where(Client.region == region)
    if client_id is not None:
        query = query.where(Client.id == client_id)
    else:
        query = query.where(Client.housing_unit_code == apartment)
    return list((await session.exec(query.limit(2))).all())


async def open_plan(session: AsyncSession, client_id: UUID) -> Plan | None:
    """Return the client's plan that is not closed, if any."""
    query = select(Plan).where(Plan.client_id == client_id, col(Plan.status).in_(OPEN))
    return (await session.exec(query)).first()


async def imported(session: AsyncSession, keys: list[tuple[UUID, str]]) -> set[tuple[Any, str]]:
    """Return which (client, month) pairs were imported before."""
    if not keys:
        return set()
    clients = {k[0] for k in keys}
    query = select(RentLedgerEntry.client_id, RentLedgerEntry.month).where(
        col(RentLedgerEntry.client_id).in_(clients)
    )
    wanted = set(keys)
    return {(c, m) for c, m in (await session.exec(query)).all() if (c, m) in wanted}
