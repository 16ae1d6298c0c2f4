"""Short reads run on the driver (`db.fetch_rows`) answer as SQLAlchemy's execution does."""

import gc
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import JSON, Column, Float, Integer, MetaData, String, Table, Uuid, select

from tukiverkko_common.columns import UtcDateTime
from tukiverkko_common.db import (
    CompiledRows,
    autocommit,
    create_engine,
    create_read_engine,
    dispose,
    fetch_rows,
    session_factory,
)

metadata = MetaData()
cards = Table(
    "cards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", Uuid, nullable=False),
    Column("region", String(20), nullable=False),
    Column("districts", JSON, nullable=False),
    Column("score", Float, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
ROWS = [
    {"id": 1, "card_id": UUID(int=1), "region": "kymenlaakso", "districts": ["valkeala"],
     "score": 1.5, "updated_at": datetime(2026, 3, 1, 12, 30, tzinfo=UTC)},
    {"id": 2, "card_id": UUID(int=2), "region": "pirkanmaa", "districts": [],
     "score": 0.25, "updated_at": datetime(2026, 3, 2, 8, 0, tzinfo=UTC)},
]  # fmt: skip
QUERY = (
    select(cards.c.card_id, cards.c.districts, cards.c.score, cards.c.updated_at)
    .where(cards.c.region != "")
    .order_by(cards.c.id)
)


async def test_rows_from_the_driver_equal_sqlalchemys(database_url):
    engine = create_engine(database_url)
    reads = create_read_engine(engine) or autocommit(engine)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
            await conn.execute(cards.insert(), ROWS)
        async with session_factory(reads)() as session:
            expected = (await session.execute(QUERY)).all()
            rows = await fetch_rows(session, QUERY, {})
            raw = (await (await session.connection()).get_raw_connection()).dbapi_connection
            on_driver = type(raw).__name__ in ("InLoopConnection", "AsyncAdapt_asyncpg_connection")
        assert on_driver  # the SQLite file's in-loop connection, or asyncpg's
        assert [tuple(row) for row in rows] == [tuple(row) for row in expected]
        assert rows[0].card_id == UUID(int=1) and rows[0].districts == ["valkeala"]
        assert rows[1].updated_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
        assert CompiledRows.of(QUERY, reads.dialect) is CompiledRows.of(QUERY, reads.dialect)
    finally:
        await dispose(engine)
        if reads is not engine:
            await dispose(reads)


def test_a_compiled_statement_goes_with_its_statement():
    dialect = create_engine("sqlite+aiosqlite:///:memory:").dialect
    built = select(cards.c.card_id).where(cards.c.region == "x")
    compiled = CompiledRows.of(built, dialect)
    assert CompiledRows.of(built, dialect) is compiled  # compiled once while it is kept
    forms = CompiledRows._made[dialect]
    assert built in forms
    del built, compiled
    gc.collect()
    assert len(forms) == 0  # a statement a builder's cache let go is not kept alive here
