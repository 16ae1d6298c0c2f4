"""The search page statement, built once per shape and reused: the filters' values are bound.

Building a search statement (and its cache key) cost SQLAlchemy about a millisecond of CPU per
request; a shape (dialect, which filters are given, text languages, cursor, limit) takes few
values, so built statements are kept and only the values travel with each execution.

Words found in many cards are listed most recently indexed first (`search_recent`).
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    Text,
    Uuid,
    and_,
    bindparam,
    cast,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import BindParameter

from resources.repository.search import (
    RESULT_COLUMNS,
    SearchFilters,
    available_at,
    consented_now,
    has_facet,
    in_scope,
)
from resources.repository.search_recent import FTS, FTS_MATCH, listed_recent
from resources.search.query import (
    bounding_box,
    fts5_match,
    fts5_ranked,
    fts5_with_keys,
    haversine_km,
    pg_match_and_rank,
)
from resources.search.tables import documents, facets
from resources.search.text import LANGUAGES, Language
from tukiverkko_common.clock import utcnow
from tukiverkko_common.columns import UtcDateTime

FACET_FILTERS = ("district", "target_group", "competence")


@dataclass(frozen=True)
class SearchShape:
    """What decides a search statement's form; equal shapes share one built statement."""

    dialect: str
    text: tuple[Language, ...] | None
    """The languages the words have stems in; None without words."""
    given: frozenset[str]
    """The filters given: card_type, sector, the facets, weekday, at_minute, near, within_km."""
    regions: bool | None
    """None: an internal, unscoped call; else whether the scope names any region."""
    related_to: bool
    after: bool
    limit: int
    recent: bool = False
    """Text listed most recently indexed first (too many matches to rank)."""


def shape_of(
    dialect: str,
    filters: SearchFilters,
    limit: int,
    after: tuple[float, UUID] | None,
    recent: bool = False,
) -> SearchShape:
    """Return the statement shape of a search (its values are bound apart)."""
    text = filters.text
    given = {
        name
        for name in ("card_type", "sector", *FACET_FILTERS, "weekday", "at_minute")
        if getattr(filters, name) not in (None, "")
    }
    if filters.near is not None:
        given.add("near")
        if filters.near.within_km is not None:
            given.add("within_km")
    return SearchShape(
        dialect=dialect,
        text=None if text is None else tuple(lang for lang in LANGUAGES if text.stems[lang]),
        given=frozenset(given),
        regions=None if filters.regions is None else bool(filters.regions),
        related_to=filters.related_to is not None,
        after=after is not None,
        limit=limit,
        recent=recent and text is not None,
    )


def params_of(filters: SearchFilters, after: tuple[float, UUID] | None) -> dict[str, Any]:
    """Return the values bound into the search's statement, by parameter name."""
    values: dict[str, Any] = {
        "now": utcnow(),
        "regions": list(filters.regions or ()),
        "related_to": filters.related_to,
    }
    values |= {name: getattr(filters, name) for name in ("card_type", "sector", *FACET_FILTERS)}
    values |= {"weekday": filters.weekday, "at_minute": filters.at_minute}
    if filters.text is not None:
        values["match"] = fts5_match(filters.text)
        values |= {f"words_{lang}": filters.text.words[lang] for lang in LANGUAGES}
    if (near := filters.near) is not None:
        values |= {"near_lat": near.latitude, "near_lon": near.longitude, "within_km": 0.0}
        if near.within_km is not None:
            box = bounding_box(near.latitude, near.longitude, near.within_km)
            values |= dict(zip(("min_lat", "max_lat", "min_lon", "max_lon"), box, strict=True))
            values["within_km"] = near.within_km
    values["facet_keys"] = facet_keys_of(
        {name for name, value in values.items() if value not in (None, "")}, filters
    )
    if filters.text is not None and values["facet_keys"]:
        values["match"] = fts5_with_keys(values["match"], values["facet_keys"])
    if after is not None:
        values |= {"after_rank": after[0], "after_card": after[1]}
    return values


def _bound(name: str, kind: Any = String) -> BindParameter[Any]:
    return bindparam(name, type_=kind)


def filter_conditions(shape: SearchShape, driving: str | None = None) -> list[ColumnElement[bool]]:
    """Return the WHERE conditions of every filter except the text, the distance and the
    `driving` facet (the statement's source, see `facet_source`)."""
    d, given = documents.c, shape.given
    found: list[ColumnElement[bool]] = [consented_now(_bound("now", UtcDateTime))]
    if shape.regions is not None:
        regions: tuple[str, ...] | BindParameter[Any] = (
            bindparam("regions", expanding=True) if shape.regions else ()
        )
        found.append(in_scope(regions, _bound("related_to", Uuid) if shape.related_to else None))
    found += [d[name] == _bound(name) for name in ("card_type", "sector") if name in given]
    keyed = bool(shape.text) and bool(facet_keys_of(given, None))
    if not keyed:  # else the facet keys below, exact for facets, stand for these
        found += [
            has_facet(name, _bound(name))
            for name in FACET_FILTERS
            if name in given and name != driving
        ]
    if "weekday" in given or "at_minute" in given:
        found.append(
            available_at(
                _bound("weekday", Integer) if "weekday" in given else None,
                _bound("at_minute", Integer) if "at_minute" in given else None,
            )
        )
    if keyed and shape.dialect == "postgresql":  # on SQLite they are in the text's MATCH
        # The GIN-indexed keys (index.FACET_KEYS_SQL), which PostgreSQL intersects with the
        # words' index: exact for the facets; for "available at" a necessary condition (the
        # hour is touched), the exact check above still decides. With the facets also asked
        # as EXISTS, the planner joined every card of the district to every window of the
        # weekday (18 ms for a district, a competence and a time at 50,000 cards). Without
        # words, walking the cards in id order over covering indexes stops sooner (1.5 ms).
        keys = bindparam("facet_keys", type_=ARRAY(Text))
        found.append(literal_column("search_documents.facet_keys").op("@>")(keys))
    return found


def facet_keys_of(given: Any, filters: SearchFilters | None) -> list[str]:
    """Return the facet keys the given filters require (with `filters`, their values)."""
    keys = [
        f"{name}:{getattr(filters, name) if filters else ''}"
        for name in FACET_FILTERS
        if name in given
    ]
    if "weekday" in given and "at_minute" in given:
        hour = filters.at_minute // 60 if filters and filters.at_minute is not None else 0
        keys.append(f"at:{filters.weekday if filters else 0}:{hour}")
    return keys


def distance_terms(shape: SearchShape) -> tuple[ColumnElement[float], list[ColumnElement[bool]]]:
    """Return the distance column and, with a radius, the box prefilter and the exact check."""
    distance = haversine_km(documents.c.latitude, documents.c.longitude)
    if "within_km" not in shape.given:
        return distance, []
    return distance, [
        documents.c.latitude.between(_bound("min_lat", Float), _bound("max_lat", Float)),
        documents.c.longitude.between(_bound("min_lon", Float), _bound("max_lon", Float)),
        distance <= _bound("within_km", Float),
    ]


def text_rank(
    shape: SearchShape, languages: tuple[Language, ...], conditions: list[ColumnElement[bool]]
) -> tuple[Any, ColumnElement[float]]:
    """Return the FROM source and the rank of a text search (adding PostgreSQL's match)."""
    if shape.dialect == "sqlite":
        ranked = fts5_ranked().columns(doc_id=Integer, rank=Float).subquery("ranked")
        return documents.join(ranked, ranked.c.doc_id == documents.c.id), ranked.c.rank
    match, rank = pg_match_and_rank(languages)
    conditions.append(match)
    return documents, rank


def recent_page(shape: SearchShape, conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """Return the page of text matches most recently indexed first (rank = the document id).

    On SQLite the FTS5 table is walked in rowid order, newest first, each match checked
    against the filters by primary key, until the page is full.
    """
    distance: ColumnElement[Any] = literal(None, Float)
    if "near" in shape.given:
        distance, within = distance_terms(shape)
        conditions = conditions + within
    if shape.dialect == "sqlite":
        newest: ColumnElement[Any] = FTS.c.rowid
        source: Any = FTS.join(documents, documents.c.id == FTS.c.rowid)
        conditions = [FTS_MATCH, *conditions]  # type: ignore[list-item]
    else:
        newest, source = documents.c.id, documents
        conditions = [pg_match_and_rank(shape.text or ())[0], *conditions]
    if shape.after:
        conditions.append(newest < _bound("after_rank", Float))
    return (
        select(documents.c.id.label("doc_id"), cast(newest, Float).label("rank"))
        .add_columns(distance.label("distance_km"))
        .select_from(source)
        .where(*conditions)
        .order_by(newest.desc())
        .limit(shape.limit + 1)
    )


def driving_facet(shape: SearchShape) -> str | None:
    """Return the facet a page in card-id order is read from on SQLite (none when a rank
    orders it). PostgreSQL finds the filters' cards from the GIN-indexed facet keys; given
    the facet's rows to start from, its planner joined every window of the weekday first."""
    if shape.dialect != "sqlite" or shape.text or "near" in shape.given:
        return None
    return next((name for name in FACET_FILTERS if name in shape.given), None)


def facet_source(facet: str) -> tuple[Any, ColumnElement[Any], list[ColumnElement[bool]]]:
    """Return the facet's rows joined to their documents, the card id to order by, and the
    facet's condition: its rows come in card-id order from its primary key, so the page
    stops after its last card instead of walking every card and asking each for the facet
    (4x faster for a district, a competence and a time at 50,000 cards on SQLite)."""
    rows = facets.alias("driving")  # other facets are asked of `search_facets` itself
    source = rows.join(documents, documents.c.card_id == rows.c.card_id)
    return source, rows.c.card_id, [rows.c.facet == facet, rows.c.value == _bound(facet)]


@lru_cache(maxsize=512)
def search_statement(shape: SearchShape) -> Select[Any]:
    """Return the page query: rank (larger first), then card id, limit+1 rows.

    The page is cut over narrow rows (id, rank, distance) and only its rows are joined back
    for what a hit shows: sorting thousands of text matches stays cheap. Without a rank
    the order is the card id alone, which the database walks in its unique index and stops
    at the page's end.
    """
    driving = driving_facet(shape)
    conditions = filter_conditions(shape, driving)
    if shape.recent:
        return _hits(recent_page(shape, conditions).subquery("page"))
    source: Any = documents
    card_id: ColumnElement[Any] = documents.c.card_id
    if driving is not None:
        source, card_id, facet_is = facet_source(driving)
        conditions += facet_is
    rank: ColumnElement[float] = literal(0.0, Float)
    ranked = False
    if shape.text:
        source, rank = text_rank(shape, shape.text, conditions)
        ranked = True
    distance: ColumnElement[Any] = literal(None, Float)
    if "near" in shape.given:
        distance, within = distance_terms(shape)
        conditions += within
        if not ranked:
            # Nearest first when nothing else ranks; a card without a place has no distance
            # to order by (and NULLs sort differently on the two databases).
            rank, ranked = -distance, True
            conditions += [documents.c.latitude.is_not(None), documents.c.longitude.is_not(None)]
    if shape.after:
        score, last = _bound("after_rank", Float), _bound("after_card", Uuid)
        conditions.append(
            or_(rank < score, and_(rank == score, card_id > last)) if ranked else card_id > last
        )
    page = (
        select(documents.c.id.label("doc_id"), rank.label("rank"), distance.label("distance_km"))
        .select_from(source)
        .where(*conditions)
        .order_by(*((rank.desc(), card_id) if ranked else (card_id,)))
        .limit(shape.limit + 1)
        .subquery("page")
    )
    return _hits(page)


def _hits(page: Any) -> Select[Any]:
    """Return what a hit shows of each of the page's documents, in the page's order."""
    return (
        select(*RESULT_COLUMNS, page.c.rank, page.c.distance_km)
        .join_from(documents, page, documents.c.id == page.c.doc_id)
        .order_by(page.c.rank.desc(), documents.c.card_id)
    )


async def search_page(
    session: AsyncSession, filters: SearchFilters, limit: int, after: tuple[float, UUID] | None
) -> tuple[list[Any], bool]:
    """Return up to limit+1 hits after the cursor position, and whether they are listed most
    recent first (rank = document id) rather than by relevance."""
    dialect = (await session.connection()).dialect.name
    recent = await listed_recent(session, dialect, filters, after)
    statement = search_statement(shape_of(dialect, filters, limit, after, recent))
    if recent and after is not None:
        after = (-after[0], after[1])  # the document id the cursor carries negated
    rows = list((await session.execute(statement, params_of(filters, after))).all())
    return rows, recent
