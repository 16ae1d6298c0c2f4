"""The matching statement, built once per shape and reused: the need's values are bound.

Building the statement (and its cache key) cost SQLAlchemy 2.5 to 4 ms of CPU per request;
a shape (dialect, which parts are asked, number of words, limit) takes a few values, so the
built statements are kept and only the need's values travel with each execution.
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
    bindparam,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
)

from resources.repository.search import RESULT_COLUMNS, consented_now, in_scope, regions_listed
from resources.search.query import pg_tsquery
from resources.search.tables import availability, district_windows, documents, facets
from resources.search.text import Language
from tukiverkko_common.columns import UtcDateTime

POINTS = {"district": 40.0, "time": 30.0, "competence": 20.0, "text": 10.0}


@dataclass(frozen=True)
class MatchShape:
    """What decides a matching statement's form; equal shapes share one built statement."""

    dialect: str
    elsewhere: bool
    competence: bool
    words: tuple[tuple[Language, ...], ...]
    """Per need word, the languages it is looked for in (not a stop word there)."""
    card_type: bool
    regions: bool | None
    """None: an internal, unscoped call; else whether the scope names any region."""
    related_to: bool
    limit: int
    windowed: bool = False
    """The district's cards with a window overlapping the need's only (see `shortlist`)."""


def _int(name: str) -> Any:
    return bindparam(name, type_=Integer)


def _code(name: str) -> Any:
    return bindparam(name, type_=String)


def candidates(dialect: str, *, elsewhere: bool = True, windowed: bool = False) -> Any:
    """Return (card_id, in_district 0/1, overlap minutes) of the life area's cards in the
    district or the window.

    Two index range scans (the district's facet rows; the weekday's windows of cards outside
    the district), each row checked by primary-key probes, so no step sorts or groups more
    than the cards that can score. `elsewhere=False` keeps the district's cards only;
    `windowed` keeps of those the cards with a window overlapping the need's, read from the
    district windows' index before anything else about the card is read.
    """
    least, greatest = (func.min, func.max) if dialect == "sqlite" else (func.least, func.greatest)
    f, a = facets.c, availability.c
    start, end = _int("start_minute"), _int("end_minute")
    covered = least(a.end_minute, end) - greatest(a.start_minute, start)
    in_window = (a.weekday == _int("weekday"), a.start_minute < end, a.end_minute > start)

    def probe(facet: str, value: Any, card_id: Any) -> Any:
        other = facets.alias()
        return exists().where(
            other.c.facet == facet, other.c.value == value, other.c.card_id == card_id
        )

    best_cover = select(func.max(covered)).where(a.card_id == f.card_id, *in_window)
    in_district: Any = select(
        f.card_id.label("card_id"),
        literal(1).label("in_district"),
        func.coalesce(best_cover.scalar_subquery(), 0).label("overlap"),
    ).where(
        f.facet == "district_life_area",
        f.value == _code("district_life_area"),
    )
    if windowed:
        in_district = windowed_in_district(least, greatest)
    if not elsewhere:
        return in_district.subquery("candidates")
    outside = (
        select(a.card_id, literal(0), func.max(covered))
        .where(
            *in_window,
            ~probe("district", _code("district"), a.card_id),
            probe("life_area", _code("life_area"), a.card_id),
        )
        .group_by(a.card_id)
    )
    return union_all(in_district, outside).subquery("candidates")


def windowed_in_district(least: Any, greatest: Any) -> Any:
    """Return (card_id, 1, overlap minutes) of the district's life-area cards with a window
    overlapping the need's: one range of the pair's windows on the weekday (migration 0005),
    each card's best cover grouped from the rows the range found."""
    w = district_windows.c
    start, end = _int("start_minute"), _int("end_minute")
    covered = least(w.end_minute, end) - greatest(w.start_minute, start)
    return (
        select(
            w.card_id.label("card_id"),
            literal(1).label("in_district"),
            func.max(covered).label("overlap"),
        )
        .where(
            w.district_life_area == _code("district_life_area"),
            w.weekday == _int("weekday"),
            w.start_minute < end,
            w.end_minute > start,
        )
        .group_by(w.card_id)
    )


def word_found(dialect: str, languages: tuple[Language, ...], index: int) -> ColumnElement[bool]:
    """Return "the card's text holds word `index`" in the languages it is looked for in."""
    if dialect == "sqlite":
        # One bound name per word, or they would share a value: the FTS5 expression of its stems.
        rowids = text(f"SELECT rowid FROM search_text WHERE search_text MATCH :word_match_{index}")
        return documents.c.id.in_(rowids.columns(rowid=Integer))
    word = bindparam(f"word_{index}", type_=String)
    # The query parsed once per statement (a scalar subquery), not once per candidate row.
    return or_(
        *(
            literal_column(f"search_documents.tsv_{lang}").op("@@")(
                select(pg_tsquery(lang, word)).scalar_subquery()
            )
            for lang in languages
        )
    )


def holds_competence() -> ColumnElement[int]:
    """Return 1 when the candidate card has the asked competence, else 0: one probe of the
    facet's primary key per candidate. (As EXISTS inside CASE, PostgreSQL hashed every card
    with the competence first: 20,000 rows for "cooking" at 50,000 cards, for 500 candidates.)
    """
    f = facets.alias("held")
    probe = (
        select(literal(1))
        .where(f.c.facet == "competence", f.c.value == _code("competence"))
        .where(f.c.card_id == documents.c.card_id)
        .limit(1)
    )
    return func.coalesce(probe.scalar_subquery(), 0)


def candidate_facts(shape: MatchShape) -> Any:
    """Return each candidate's facts, each computed once: document id, card id, in district,
    overlap minutes, and (when asked) competence 0/1 and word_0, word_1, … 0/1.

    Materialised, so the points, the total and the sort read them instead of re-running each
    probe per use (SQLite would otherwise evaluate a correlated subquery once per reference).
    """
    reach = candidates(shape.dialect, elsewhere=shape.elsewhere, windowed=shape.windowed)
    facts: list[ColumnElement[Any]] = [
        documents.c.id.label("doc_id"),
        documents.c.card_id.label("card_id"),
        reach.c.in_district,
        reach.c.overlap,
    ]
    if shape.competence:
        facts.append(holds_competence().label("competence"))
    facts += [
        case((word_found(shape.dialect, languages, i), 1), else_=0).label(f"word_{i}")
        for i, languages in enumerate(shape.words)
    ]
    conditions = [consented_now(bindparam("now", type_=UtcDateTime))]
    if shape.regions is not None:
        regions = regions_listed(shape.dialect) if shape.regions else ()
        related_to = bindparam("related_to", type_=Uuid) if shape.related_to else None
        conditions.append(in_scope(regions, related_to))
    if shape.card_type:
        conditions.append(documents.c.card_type == _code("card_type"))
    query = (
        select(*facts)
        .join_from(reach, documents, documents.c.card_id == reach.c.card_id)
        .where(*conditions)
    )
    return query.cte("facts").prefix_with("MATERIALIZED")


@lru_cache(maxsize=512)
def match_statement(shape: MatchShape) -> Select[Any]:
    """Return the scored shortlist query; word columns are named word_0, word_1, …"""
    facts = candidate_facts(shape)
    points: dict[str, ColumnElement[Any]] = {
        "district_points": facts.c.in_district * POINTS["district"],
        "time_points": facts.c.overlap * bindparam("time_scale", type_=Float),
        "competence_points": literal(0.0, Float),
        "text_points": literal(0.0, Float),
    }
    if shape.competence:
        points["competence_points"] = facts.c.competence * POINTS["competence"]
    found = [c for c in facts.c if c.name.startswith("word_")]
    if found:
        share = POINTS["text"] / len(found)
        points["text_points"] = sum(found, literal(0)) * share
    total = sum(points.values(), literal(0.0, Float))
    # The shortlist is cut over narrow rows; only its cards are joined back for display.
    best = (
        select(
            facts.c.doc_id,
            *(value.label(name) for name, value in points.items()),
            *found,
            total.label("total"),
        )
        .order_by(total.desc(), facts.c.card_id)
        .limit(shape.limit)
        .subquery("best")
    )
    return (
        select(
            *RESULT_COLUMNS,
            *(c for c in best.c if c.name != "doc_id"),
            best_window(shape.dialect, "start_minute"),
            best_window(shape.dialect, "end_minute"),
        )
        .join_from(documents, best, documents.c.id == best.c.doc_id)
        .order_by(best.c.total.desc(), documents.c.card_id)
    )


def best_window(dialect: str, edge: str) -> Any:
    """Return the start or end of the card's window on the need's weekday that covers most of
    the need's window (the earliest of equals), for the reasons: read in the same statement
    as the shortlist, for its cards only."""
    least, greatest = (func.min, func.max) if dialect == "sqlite" else (func.least, func.greatest)
    w = availability.alias("w")
    covered = least(w.c.end_minute, _int("end_minute")) - greatest(
        w.c.start_minute, _int("start_minute")
    )
    return (
        select(w.c[edge])
        .where(w.c.card_id == documents.c.card_id, w.c.weekday == _int("weekday"))
        .order_by(covered.desc(), w.c.start_minute)
        .limit(1)
        .scalar_subquery()
        .label(f"window_{edge.split('_')[0]}")
    )
