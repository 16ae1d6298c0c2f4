"""SQLite and PostgreSQL give the same answers: one corpus indexed in both, the same searches
and needs asked of both, the same cards back (in the same order wherever the order is not a
text relevance, which bm25 and ts_rank score differently)."""

import asyncio
import math
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from resources.main import MIGRATIONS
from resources.models import metadata
from resources.repository.search import Near, SearchFilters
from resources.repository.search_near import RINGS_KM
from resources.schemas.search import Need
from resources.search.document import SearchDocument
from resources.search.index import index_card
from resources.search.query import text_query
from resources.search.text import stems
from resources.service.search import match_need, search_cards
from tukiverkko_common.db import create_engine, dispose, session_factory
from tukiverkko_common.ids import new_id
from tukiverkko_common.migrations import upgrade
from tukiverkko_common.testing.plugin import NO_POSTGRES

pytestmark = pytest.mark.postgres
FI = ["uimahalli", "uimahallissa", "kirjasto", "kirjastossa", "kerho", "kerhossa", "lomake",
      "lomakkeiden", "naapuri", "naapurin", "ruoanlaitto", "kävely", "kävelyllä", "ja", "on"]  # fmt: skip
SV = ["simhall", "simhallen", "bibliotek", "simhallarna", "förening", "föreningen", "granne",
      "grannen", "matlagning", "promenad", "och", "är"]  # fmt: skip
DISTRICTS = ["kuusankoski", "valkeala", "elimaki"]
QUERIES = ["uimahallissa", "simhallen", "kirjasto", "kerhossa naapurin", "föreningen",
           "lomake matlagning", "kävely", "ja", "och granne"]  # fmt: skip


def corpus(n: int) -> list[SearchDocument]:
    """Return n cards of random words, districts, hours and places (fixed seed)."""
    rng = random.Random(14)
    docs = []
    for i in range(n):
        start = rng.choice([9, 12, 16, 17, 18])
        docs.append(
            SearchDocument(
                card_id=new_id(),
                card_type=rng.choice(["organisation", "citizen", "competence"]),
                region="kymenlaakso",
                districts=(rng.choice(DISTRICTS),),
                sector=rng.choice([None, "parish", "third_sector"]),
                target_groups=("adults",),
                competences=tuple(rng.sample(["cooking", "it", "driving"], rng.randint(0, 2))),
                life_areas=(rng.choice(["leisure", "housing"]),),
                title_fi=" ".join(rng.sample(FI, 2)),
                title_sv=" ".join(rng.sample(SV, 1)),
                text_fi=" ".join(rng.sample(FI, 4)),
                text_sv=" ".join(rng.sample(SV, 3)),
                availability=((rng.randint(1, 7), f"{start:02d}:00", f"{start + 3:02d}:00"),),
                latitude=60.8 + rng.random() * 0.2 if i % 4 else None,
                longitude=26.5 + rng.random() * 0.4 if i % 4 else None,
                holder_card_id=None,
                updated_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
    return docs


CORPUS = corpus(300)


@pytest.fixture
async def both(tmp_path: Path, postgres_server: Any) -> AsyncIterator[dict[str, Any]]:
    """Return a session factory per backend, each migrated and holding the same corpus."""
    if postgres_server is None:
        pytest.skip(NO_POSTGRES)
    urls = {
        "sqlite": f"sqlite+aiosqlite:///{tmp_path / 'search.db'}",
        "postgresql": await postgres_server.create_database(f"search_{new_id().hex}"),
    }
    docs = CORPUS
    engines: dict[str, AsyncEngine] = {}
    sessions: dict[str, async_sessionmaker[AsyncSession]] = {}
    for name, url in urls.items():
        await asyncio.to_thread(upgrade, MIGRATIONS, url)
        engines[name] = create_engine(url)
        sessions[name] = session_factory(engines[name])
        async with sessions[name]() as session:
            for doc in docs:
                await index_card(session, doc)
            await session.commit()
    yield sessions
    for engine in engines.values():
        await dispose(engine)


SEARCHES = [
    *({"text": text_query(q)} for q in QUERIES),
    {"district": "valkeala", "weekday": 2, "at_minute": 18 * 60 + 30},
    {"competence": "cooking", "card_type": "citizen", "sector": "parish"},
    {"near": Near(60.9, 26.7, 8.0)},
    {"near": Near(60.9, 26.7, None), "text": text_query("kerho")},
    {"near": Near(60.9, 26.7, None)},
]


async def test_searches_find_the_same_cards_on_both_databases(both):
    answered = 0
    for asked in SEARCHES:
        answers = {}
        for name, sessions in both.items():
            async with sessions() as session:
                page = await search_cards(
                    session, filters=SearchFilters(**asked), limit=1000, cursor=None
                )
            answers[name] = [hit.card_id for hit in page.items]
        if "text" in asked:
            assert sorted(answers["sqlite"]) == sorted(answers["postgresql"]), asked
        else:
            assert answers["sqlite"] == answers["postgresql"], asked
        answered += bool(answers["sqlite"])
    # All but "ja" (a stop word) and "lomake matlagning" (words of two languages) find cards.
    assert answered == len(SEARCHES) - 2


FILTERED = [
    {"district": "valkeala", "weekday": 2, "at_minute": 18 * 60 + 30},
    {"competence": "cooking", "target_group": "adults"},
    {"district": "kuusankoski", "competence": "it", "weekday": 5, "at_minute": 9 * 60},
    {"weekday": 4, "at_minute": 17 * 60 + 59},
]


def passes(doc: SearchDocument, asked: dict[str, Any]) -> bool:
    """Return whether a document meets the filters, decided from the document itself."""
    hours = [(d, int(s[:2]) * 60, int(e[:2]) * 60) for d, s, e in doc.availability]
    at = asked.get("at_minute")
    return (
        asked.get("district", doc.districts[0]) in doc.districts
        and asked.get("competence", "-") in (*doc.competences, "-")
        and asked.get("target_group", "-") in (*doc.target_groups, "-")
        and (
            "weekday" not in asked
            or any(d == asked["weekday"] and s <= at < e for d, s, e in hours)
        )
    )


async def test_words_with_filters_find_the_words_matches_that_meet_the_filters(both):
    # Words with filters take the filters from each card's keys (FTS5's `keys` column on
    # SQLite, the GIN-indexed array on PostgreSQL): the answer must be the words' own
    # matches, the filters decided from the documents themselves, on both databases.
    docs = {doc.card_id: doc for doc in CORPUS}
    checked = 0
    for query in ("kerhossa", "kirjasto", "simhallen", "kävely"):
        for asked in FILTERED:
            for name, sessions in both.items():
                async with sessions() as session:
                    words = SearchFilters(text=text_query(query))
                    alone = await search_cards(session, filters=words, limit=1000, cursor=None)
                    filters = SearchFilters(text=text_query(query), **asked)
                    page = await search_cards(session, filters=filters, limit=1000, cursor=None)
                expected = {h.card_id for h in alone.items if passes(docs[h.card_id], asked)}
                assert {hit.card_id for hit in page.items} == expected, (name, query, asked)
                checked += len(expected)
    assert checked > 20  # the filters keep some of the matches, not none


def km_between(lat: float, lon: float, doc: SearchDocument) -> float:
    """Return the great-circle distance from a point to a document's place (haversine)."""
    assert doc.latitude is not None and doc.longitude is not None
    dlat, dlon = math.radians(doc.latitude - lat) / 2, math.radians(doc.longitude - lon) / 2
    inner = (
        math.sin(dlat) ** 2
        + math.cos(math.radians(lat)) * math.cos(math.radians(doc.latitude)) * math.sin(dlon) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(inner))


@pytest.mark.parametrize(("km", "limit"), [(4.0, 3), (None, 10)])
async def test_nearest_first_pages_list_the_cards_within_the_radius_by_distance(both, km, limit):
    # The nearest-first page sorts the box's cards by distance and drops those beyond the
    # radius afterwards; with no radius it is asked within widening rings first. Paged, it
    # must list exactly the cards within the radius (every placed card without one), nearest
    # first, as computed here from the documents.
    lat, lon = 60.85, 26.55  # near the corner: the farthest cards are beyond the second ring
    placed = [d for d in CORPUS if d.latitude is not None]
    within = sorted((km_between(lat, lon, d), d.card_id) for d in placed)
    expected = [card for distance, card in within if km is None or distance <= km]
    assert 3 < len(expected) <= len(placed)
    assert km is not None or within[-1][0] > RINGS_KM[1]  # the later pages need the wide rings
    for name, sessions in both.items():
        listed, cursor = [], None
        async with sessions() as session:
            while True:
                filters = SearchFilters(near=Near(lat, lon, km))
                page = await search_cards(session, filters=filters, limit=limit, cursor=cursor)
                listed += [hit.card_id for hit in page.items]
                if (cursor := page.next_cursor) is None:
                    break
        assert listed == expected, name


async def test_needs_get_the_same_ranked_shortlist_on_both_databases(both):
    needs = [
        Need(life_area="leisure", district="valkeala", weekday=3, start="17:00", end="19:30"),
        Need(
            life_area="housing",
            district="elimaki",
            weekday=6,
            start="10:00",
            end="13:00",
            competence="it",
            text="kirjastossa föreningen",
        ),
    ]
    for need in needs:
        answers = {}
        for name, sessions in both.items():
            async with sessions() as session:
                result = await match_need(session, need=need.model_copy(), regions=None)
            answers[name] = [(h.card_id, h.score, h.reasons) for h in result.items]
        assert answers["sqlite"] == answers["postgresql"]
        assert len(answers["sqlite"]) == 20


async def test_postgresql_stems_every_word_as_the_sqlite_index_does(both):
    async with both["postgresql"]() as session:
        for config, language, vocabulary in (("finnish", "fi", FI), ("swedish", "sv", SV)):
            for word in vocabulary:
                lexemes = (
                    await session.execute(
                        text(f"SELECT ts_lexize('{config}_stem', :w)"), {"w": word}
                    )
                ).scalar_one()
                assert (lexemes or []) == stems(word, language), word


async def test_the_migration_builds_exactly_the_search_tables_on_both_databases(both):
    ours = {"search_documents", "search_facets", "search_availability"}

    def ours_only(item: Any, name: str | None, kind: str, reflected: bool, other: Any) -> bool:
        # The dialect's own index (FTS5 table; tsvector and facet-key columns and their GIN
        # indexes) is outside the metadata.
        table = name if kind == "table" else getattr(getattr(item, "table", None), "name", None)
        own = any(part in str(name) for part in ("tsv_", "facet_keys"))
        return table in ours and not (kind in ("column", "index") and own)

    for sessions in both.values():
        async with sessions() as session:
            connection = await session.connection()
            diff = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"include_object": ours_only}), metadata
                )
            )
        assert diff == []
