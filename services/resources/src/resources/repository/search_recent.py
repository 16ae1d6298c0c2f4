"""Text searches listed most recent first: which are, their page's statement, their cursor.

The best ranked of 17,000 matches can be known only by scoring every one (bm25 or ts_rank):
~40 ms at 50,000 cards on SQLite, while the newest matches come straight off the index in
~0.1 ms (document ids grow with every (re)indexing). So words that match `RANKED_MATCHES`
cards or more are listed most recently created or changed first, and the page says
`order: recent`. The number is taken before any filter (every region's cards; nothing of
them shows but the order chosen): on SQLite counted up to the limit, which stops early; on
PostgreSQL the planner's estimate from its word statistics (reused for a minute per set of
words: `ESTIMATE_SECONDS`), as counting there means
decoding every candidate's tsvector. A recent page's cursor carries the document id
negated (`to_cursor`, `from_cursor`), so later pages keep the first page's order even if the
count changes meanwhile.
"""

import json
import weakref
from functools import lru_cache
from typing import Any
from uuid import UUID

from cachetools import TTLCache
from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    bindparam,
    cast,
    column,
    func,
    literal,
    select,
    table,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

from resources.repository.search import Position, SearchFilters
from resources.search.query import fts5_match, pg_match_and_rank
from resources.search.tables import documents
from resources.search.text import LANGUAGES, Language
from tukiverkko_common.db import CompiledRead, fetch_rows

RANKED_MATCHES = 1000
"""Words matching at least this many cards are listed most recent first, not ranked."""
FTS = table("search_text", column("rowid", Integer))
FTS_MATCH = text("search_text MATCH :match")


def to_cursor(rank: float, card_id: UUID, recent: bool) -> Position:
    """Return the cursor position after a row of a page listed `recent` first or by relevance."""
    return (-rank if recent else rank), card_id


def from_cursor(after: Position, recent: bool) -> Position:
    """Return a cursor's position as the page statement compares it (the row's own rank)."""
    return (-after[0] if recent else after[0]), after[1]


@lru_cache(maxsize=64)
def matching(dialect: str, languages: tuple[Language, ...]) -> Select[Any]:
    """Return the documents the words match, with no filter."""
    if dialect == "sqlite":
        return select(literal(1)).select_from(FTS).where(FTS_MATCH)
    return select(literal(1)).select_from(documents).where(pg_match_and_rank(languages)[0])


def recent_page(
    dialect: str,
    languages: tuple[Language, ...],
    conditions: list[ColumnElement[bool]],
    distance: ColumnElement[Any],
    *,
    after: bool,
    limit: int,
) -> Select[Any]:
    """Return the page of text matches most recently indexed first (rank = the document id):
    `conditions` are the filters', `after` whether a cursor's `after_rank` is bound.

    On SQLite the FTS5 table is walked in rowid order, newest first, each match checked
    against the filters by primary key, until the page is full.
    """
    if dialect == "sqlite":
        newest: ColumnElement[Any] = FTS.c.rowid
        source: Any = FTS.join(documents, documents.c.id == FTS.c.rowid)
        conditions = [FTS_MATCH, *conditions]  # type: ignore[list-item]
    else:
        newest, source = documents.c.id, documents
        conditions = [pg_match_and_rank(languages)[0], *conditions]
    if after:
        conditions.append(newest < bindparam("after_rank", type_=Float))
    return (
        select(documents.c.id.label("doc_id"), cast(newest, Float).label("rank"))
        .add_columns(distance.label("distance_km"))
        .select_from(source)
        .where(*conditions)
        .order_by(newest.desc())
        .limit(limit + 1)
    )


async def listed_recent(
    session: AsyncSession, dialect: str, filters: SearchFilters, after: Position | None
) -> bool:
    """Return whether the search's matches are listed most recent first."""
    if filters.text is None:
        return False
    if after is not None:  # the first page chose; a recent page's cursor rank is negative
        return after[0] < 0
    languages = tuple(lang for lang in LANGUAGES if filters.text.stems[lang])
    params = {"match": fts5_match(filters.text)} | {
        f"words_{lang}": filters.text.words[lang] for lang in LANGUAGES
    }
    if dialect == "sqlite":
        counted = counted_matches(languages)
        return (await fetch_rows(session, counted, params))[0][0] >= RANKED_MATCHES
    known = _ESTIMATES.setdefault(session.bind, TTLCache(maxsize=4096, ttl=ESTIMATE_SECONDS))
    key = (languages, *(params[f"words_{lang}"] for lang in LANGUAGES))
    if (estimate := known.get(key)) is None:
        estimate = await estimated_rows(session, matching(dialect, languages), params)
        known[key] = estimate
    return estimate >= RANKED_MATCHES


ESTIMATE_SECONDS = 60.0
"""How long PostgreSQL's estimate for a search's words is reused. Planning it is a round trip
to the server and ~0.5 ms of its CPU per search; the estimate comes from the statistics,
which change with ANALYZE, not with each card."""
_ESTIMATES: "weakref.WeakKeyDictionary[Any, TTLCache[tuple[Any, ...], float]]" = (
    weakref.WeakKeyDictionary()
)
"""Per engine: each database (a test's, a process's) keeps its own."""


@lru_cache(maxsize=8)
def counted_matches(languages: tuple[Language, ...]) -> Select[Any]:
    """Return SQLite's count of the words' matches, up to the limit (it stops there); built
    once per language set, as `fetch_rows` compiles each statement once."""
    found = matching("sqlite", languages).limit(RANKED_MATCHES).subquery()
    return select(func.count()).select_from(found)


async def estimated_rows(session: AsyncSession, query: Select[Any], params: dict) -> float:
    """Return PostgreSQL's estimate of the rows a query returns (planned, not run)."""
    connection = await session.connection()
    statement = CompiledRead.of(query, connection.dialect)
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None  # a checked-out connection is open
    plan = await driver.fetchval(
        "EXPLAIN (FORMAT JSON) " + statement.sql, *statement.arguments(params)
    )
    if isinstance(plan, str):  # SQLAlchemy's connections decode json already; asyncpg's do not
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])
