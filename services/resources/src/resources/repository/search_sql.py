"""The search page statement, built once per shape and reused: the filters' values are bound.

Building a search statement (and its cache key) cost SQLAlchemy about a millisecond of CPU per
request; a shape (dialect, which filters are given, text languages, cursor, limit) takes few
values, so built statements are kept and only the values travel with each execution.

Words found in many cards are listed most recently indexed first (`search_recent`).
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    Uuid,
    and_,
    bindparam,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import BindParameter

from resources.repository.search import (
    RESULT_COLUMNS,
    Position,
    SearchFilters,
    SearchRows,
    available_at,
    consented_now,
    in_scope,
    regions_listed,
)
from resources.repository.search_facet_keys import (
    FACET_FILTERS,
    facet_keys,
    facet_keys_condition,
    facet_source,
    facets_asked,
    keyed_filters,
)
from resources.repository.search_near import nearest_page, rings, within_radius
from resources.repository.search_recent import from_cursor, listed_recent, recent_page, to_cursor
from resources.search.query import (
    bounding_box,
    fts5_match,
    fts5_ranked,
    fts5_with_keys,
    haversine_km,
    pg_match_and_rank,
)
from resources.search.tables import documents
from resources.search.text import LANGUAGES, Language
from tukiverkko_common.clock import utcnow
from tukiverkko_common.columns import UtcDateTime
from tukiverkko_common.db import fetch_rows


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

    @property
    def keyed(self) -> bool:
        """Whether facet keys stand for the facet filters: words with a keyed filter."""
        return bool(self.text) and bool(keyed_filters(self.given))


def shape_of(
    dialect: str,
    filters: SearchFilters,
    limit: int,
    after: Position | None,
    recent: bool = False,
) -> SearchShape:
    """Return the statement shape of a search (its values are bound apart)."""
    text = filters.text
    return SearchShape(
        dialect=dialect,
        text=None if text is None else tuple(lang for lang in LANGUAGES if text.stems[lang]),
        given=given_filters(filters),
        regions=None if filters.regions is None else bool(filters.regions),
        related_to=filters.related_to is not None,
        after=after is not None,
        limit=limit,
        recent=recent and text is not None,
    )


def given_filters(filters: SearchFilters) -> frozenset[str]:
    """Return the names of the filters given (the text, regions and organisation aside)."""
    given = {
        name
        for name in ("card_type", "sector", *FACET_FILTERS, "weekday", "at_minute")
        if getattr(filters, name) not in (None, "")
    }
    if filters.near is not None:
        given.add("near")
        if filters.near.within_km is not None:
            given.add("within_km")
    return frozenset(given)


def params_of(filters: SearchFilters, after: Position | None) -> dict[str, Any]:
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
    values["facet_keys"] = facet_keys(filters, keyed_filters(given_filters(filters)))
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
        regions = regions_listed(shape.dialect) if shape.regions else ()
        found.append(in_scope(regions, _bound("related_to", Uuid) if shape.related_to else None))
    found += [d[name] == _bound(name) for name in ("card_type", "sector") if name in given]
    if not shape.keyed:  # else the facet keys below, exact for facets, stand for these
        found += facets_asked(given, driving)
    if "weekday" in given or "at_minute" in given:
        found.append(
            available_at(
                _bound("weekday", Integer) if "weekday" in given else None,
                _bound("at_minute", Integer) if "at_minute" in given else None,
            )
        )
    if shape.keyed and shape.dialect == "postgresql":  # on SQLite the keys are in the MATCH
        found.append(facet_keys_condition())
    return found


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


def driving_facet(shape: SearchShape) -> str | None:
    """Return the facet a page in card-id order is read from on SQLite (none when a rank
    orders it). PostgreSQL finds the filters' cards from the GIN-indexed facet keys; given
    the facet's rows to start from, its planner joined every window of the weekday first."""
    if shape.dialect != "sqlite" or shape.text or "near" in shape.given:
        return None
    return next((name for name in FACET_FILTERS if name in shape.given), None)


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
        return _recent(shape, conditions)
    if "near" in shape.given and not shape.text:
        return _hits(nearest_page(shape.given, conditions, after=shape.after, limit=shape.limit))
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
        distance = haversine_km(documents.c.latitude, documents.c.longitude)
        conditions += within_radius(shape.given, distance)
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


def _recent(shape: SearchShape, conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """Return the page of a search listed most recent first (`search_recent.recent_page`)."""
    distance: ColumnElement[Any] = literal(None, Float)
    within: list[ColumnElement[bool]] = []
    if "near" in shape.given:
        distance = haversine_km(documents.c.latitude, documents.c.longitude)
        within = within_radius(shape.given, distance)
    page = recent_page(
        shape.dialect,
        shape.text or (),
        conditions + within,
        distance,
        after=shape.after,
        limit=shape.limit,
    )
    return _hits(page.subquery("page"))


def _hits(page: Any) -> Select[Any]:
    """Return what a hit shows of each of the page's documents, in the page's order."""
    return (
        select(*RESULT_COLUMNS, page.c.rank, page.c.distance_km)
        .join_from(documents, page, documents.c.id == page.c.doc_id)
        .order_by(page.c.rank.desc(), documents.c.card_id)
    )


async def search_page(
    session: AsyncSession, filters: SearchFilters, limit: int, after: Position | None
) -> SearchRows:
    """Return up to `limit` hits after the cursor position, and where the next page resumes."""
    dialect = (await session.connection()).dialect.name
    recent = await listed_recent(session, dialect, filters, after)
    position = None if after is None else from_cursor(after, recent)
    for asked in [*rings(filters), filters]:  # nearest first with no radius: rings first
        statement = search_statement(shape_of(dialect, asked, limit, after, recent))
        rows = await fetch_rows(session, statement, params_of(asked, position))
        if len(rows) > limit:
            break
    hits, more = rows[:limit], len(rows) > limit
    resume = to_cursor(float(hits[-1].rank), hits[-1].card_id, recent) if more else None
    return SearchRows(hits=hits, recent=recent, resume=resume)
