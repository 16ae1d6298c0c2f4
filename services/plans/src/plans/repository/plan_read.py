"""A plan read: the database's JSON of the answer, fetched with the driver's own call.

The statement (`plan_read_json`) is compiled once per database kind; a read binds its
values (the plan, as a UUID and as text, and today's Helsinki date) and fetches one text value. No session, no
ORM objects, no result processing and no JSON parsed or written in Python: the bytes go
out as the database wrote them. On a SQLite file the statement runs on a connection of
this process in the event loop (`plan_read_sqlite`); on PostgreSQL on a connection of the
engine's pool, by asyncpg itself (its statement cache prepares the statement once per
connection), outside any transaction: one statement sees one consistent state.
"""

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine

from plans.repository.plan_read_json import plan_json_query
from plans.repository.plan_read_sqlite import sqlite_reader
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.db import CompiledRead


def _params(plan_id: UUID) -> dict[str, Any]:
    return {"plan_id": plan_id, "plan_text": str(plan_id), "today": helsinki_date(utcnow())}


async def plan_json(engine: AsyncEngine, plan_id: UUID) -> bytes | None:
    """Return the plan read's JSON (what `views.plan_view` answers), or None when there is no plan."""
    reader = sqlite_reader(engine)
    if reader is not None:
        body = reader.fetch_value(_params(plan_id))
    else:
        statement = CompiledRead.of(plan_json_query(engine.dialect.name), engine.dialect)
        async with engine.connect() as connection:
            driver = (await connection.get_raw_connection()).driver_connection
            assert driver is not None  # a checked-out connection is open
            body = await driver.fetchval(statement.sql, *statement.arguments(_params(plan_id)))
    return None if body is None else body.encode()
