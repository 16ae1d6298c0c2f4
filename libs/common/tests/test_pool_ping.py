"""A pooled PostgreSQL connection is checked at checkout unless it came back moments ago, and
a connection that died while idle is replaced, not handed out."""

import asyncio

import asyncpg
import pytest
from sqlalchemy import text

from tukiverkko_common import db
from tukiverkko_common.db import create_engine, dispose

pytestmark = pytest.mark.postgres


@pytest.fixture
async def engine(postgres_server):
    if postgres_server is None:
        pytest.skip("PostgreSQL binaries not installed")
    url = await postgres_server.create_database("pool_ping")
    engine = create_engine(url, pool_size=1, max_overflow=0)
    yield engine
    await dispose(engine)


async def backend_pid(engine) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()


async def test_a_connection_back_moments_ago_goes_out_unchecked(engine, monkeypatch):
    first = await backend_pid(engine)
    pings: list[str] = []
    original = asyncpg.connection.Connection.fetchrow

    async def fetchrow(self, query, *args, **kwargs):
        if query == ";":
            pings.append(query)
        return await original(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.connection.Connection, "fetchrow", fetchrow)
    monkeypatch.setattr(db, "PING_BYPASS_SECONDS", 60.0)
    assert [await backend_pid(engine) for _ in range(3)] == [first] * 3
    assert pings == []
    monkeypatch.setattr(db, "PING_BYPASS_SECONDS", 0.0)
    assert await backend_pid(engine) == first
    assert pings == [";"]


async def test_a_connection_that_died_while_idle_is_replaced(engine, postgres_server, monkeypatch):
    monkeypatch.setattr(db, "PING_BYPASS_SECONDS", 0.05)
    first = await backend_pid(engine)
    admin = await asyncpg.connect(
        host="127.0.0.1", port=postgres_server.port, user="postgres", database="postgres"
    )
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", first)
    finally:
        await admin.close()
    await asyncio.sleep(0.1)  # past the bypass window: the next checkout is checked
    assert await backend_pid(engine) != first  # a new connection, and the query answered
