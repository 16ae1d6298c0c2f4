"""Migrations 0005 and 0006 fill their read paths from what is already indexed."""

import asyncio
from pathlib import Path

from alembic import command
from sqlalchemy import select

from resources.main import MIGRATIONS
from resources.repository.search import SearchFilters
from resources.schemas.search import Need
from resources.search.index import index_card
from resources.search.query import text_query
from resources.search.tables import district_windows
from resources.service.search import match_need, search_cards
from tukiverkko_common.db import create_engine, dispose, session_factory
from tukiverkko_common.migrations import alembic_config, upgrade

from .test_resources_search_backends import CORPUS

NEED = Need(life_area="leisure", district="valkeala", weekday=3, start="17:00", end="19:30")
WORDS_AND_FILTERS = SearchFilters(
    text=text_query("kerhossa"), district="valkeala", weekday=2, at_minute=18 * 60
)


async def answers(url: str) -> tuple[list[object], list[object], list[object]]:
    """Return a words-with-filters search's cards, a need's shortlist, and every district
    window (matching's first circle, which a wider circle would silently stand in for)."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            page = await search_cards(session, filters=WORDS_AND_FILTERS, limit=100, cursor=None)
            shortlist = await match_need(session, need=NEED.model_copy(), regions=None)
            windows = await session.execute(select(district_windows).order_by(*district_windows.c))
    finally:
        await dispose(engine)
    return (
        [h.card_id for h in page.items],
        [(h.card_id, h.score) for h in shortlist.items],
        list(windows.all()),
    )


async def test_an_index_built_before_the_migrations_answers_the_same_after_them(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'index.db'}"
    await asyncio.to_thread(upgrade, MIGRATIONS, url)
    engine = create_engine(url)
    async with session_factory(engine)() as session:
        for doc in CORPUS:
            await index_card(session, doc)
        await session.commit()
    await dispose(engine)
    before = await answers(url)
    assert before[0] and len(before[1]) == 20 and before[2]  # each finds something
    # Back to the index without district windows or text keys, then forward again: the
    # migrations must rebuild both from the facets and windows, and answers must not change.
    await asyncio.to_thread(command.downgrade, alembic_config(MIGRATIONS, url), "0004")
    await asyncio.to_thread(upgrade, MIGRATIONS, url)
    assert await answers(url) == before
