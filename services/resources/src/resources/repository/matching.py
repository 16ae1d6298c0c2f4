"""The matching query: a need's candidates scored in SQL, best first.

A candidate covers the need's life area (a hard filter: a swimming companion is not a
match for help with forms) and is in the need's district or available in its window.
Points, so a worker can see why one card is above another:
district 40 (same district), time up to 30 (the share of the window the card's best
window on that weekday covers), competence 20 (when asked), text up to 10 (the share of
the need's words found in the card).
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
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
from sqlalchemy.ext.asyncio import AsyncSession

from resources.repository.search import RESULT_COLUMNS, consented_now, has_facet, in_scope
from resources.search.index import district_life_area
from resources.search.query import fts5_term, pg_tsquery
from resources.search.tables import availability, documents, facets
from resources.search.text import LANGUAGES, Language, query_stems, stop_words, words

POINTS = {"district": 40.0, "time": 30.0, "competence": 20.0, "text": 10.0}
MAX_NEED_WORDS = 5


@dataclass(frozen=True)
class Need:
    """What a worker looks for: life area, district, a weekday window, maybe more."""

    life_area: str
    district: str
    weekday: int
    start_minute: int
    end_minute: int
    competence: str | None = None
    text: str | None = None
    card_type: str | None = None
    regions: tuple[str, ...] | None = None
    related_to: UUID | None = None


def need_words(phrase: str | None) -> list[tuple[str, dict[Language, str]]]:
    """Return the need's words that carry meaning, each with its stem per language."""
    found: list[tuple[str, dict[Language, str]]] = []
    for word in dict.fromkeys(words(phrase or "")):
        stems = {lang: s[0] for lang in LANGUAGES if (s := query_stems(word, lang))}
        if stems:
            found.append((word, stems))
    return found[:MAX_NEED_WORDS]


def candidates(need: Need, dialect: str, *, elsewhere: bool = True) -> Any:
    """Return (card_id, in_district 0/1, overlap minutes) of the life area's cards in the
    district or the window.

    Two index range scans (the district's facet rows; the weekday's windows of cards outside
    the district), each row checked by primary-key probes, so no step sorts or groups more
    than the cards that can score. `elsewhere=False` keeps the district's cards only.
    """
    least, greatest = (func.min, func.max) if dialect == "sqlite" else (func.least, func.greatest)
    f, a = facets.c, availability.c
    covered = least(a.end_minute, need.end_minute) - greatest(a.start_minute, need.start_minute)
    in_window = (
        a.weekday == need.weekday,
        a.start_minute < need.end_minute,
        a.end_minute > need.start_minute,
    )

    def probe(facet: str, value: str, card_id: Any) -> Any:
        other = facets.alias()
        return exists().where(
            other.c.facet == facet, other.c.value == value, other.c.card_id == card_id
        )

    best_cover = select(func.max(covered)).where(a.card_id == f.card_id, *in_window)
    in_district = select(
        f.card_id.label("card_id"),
        literal(1).label("in_district"),
        func.coalesce(best_cover.scalar_subquery(), 0).label("overlap"),
    ).where(
        f.facet == "district_life_area",
        f.value == district_life_area(need.district, need.life_area),
    )
    if not elsewhere:
        return in_district.subquery("candidates")
    outside = (
        select(a.card_id, literal(0), func.max(covered))
        .where(
            *in_window,
            ~probe("district", need.district, a.card_id),
            probe("life_area", need.life_area, a.card_id),
        )
        .group_by(a.card_id)
    )
    return union_all(in_district, outside).subquery("candidates")


def word_found(
    dialect: str, stems: dict[Language, str], word: str, index: int
) -> ColumnElement[bool]:
    """Return "the card's text holds this word" in any language the word is not a stop word in."""
    if dialect == "sqlite":
        match = " OR ".join(fts5_term(stem, lang) for lang, stem in stems.items())
        name = f"word_match_{index}"  # one bound name per word, or they would share a value
        rowids = text(f"SELECT rowid FROM search_text WHERE search_text MATCH :{name}")
        return documents.c.id.in_(rowids.bindparams(**{name: match}).columns(rowid=Integer))
    return or_(
        *(
            literal_column(f"search_documents.tsv_{lang}").op("@@")(pg_tsquery(lang, word))
            for lang in stems
            if word not in stop_words(lang)
        )
    )


def candidate_facts(dialect: str, need: Need, *, elsewhere: bool) -> Any:
    """Return each candidate's facts, each computed once: document id, card id, in district,
    overlap minutes, and (when asked) competence 0/1 and word_0, word_1, … 0/1.

    Materialised, so the points, the total and the sort read them instead of re-running each
    probe per use (SQLite would otherwise evaluate a correlated subquery once per reference).
    """
    reach = candidates(need, dialect, elsewhere=elsewhere)
    facts: list[ColumnElement[Any]] = [
        documents.c.id.label("doc_id"),
        documents.c.card_id.label("card_id"),
        reach.c.in_district,
        reach.c.overlap,
    ]
    if need.competence:
        facts.append(
            case((has_facet("competence", need.competence), 1), else_=0).label("competence")
        )
    facts += [
        case((word_found(dialect, stems, word, i), 1), else_=0).label(f"word_{i}")
        for i, (word, stems) in enumerate(need_words(need.text))
    ]
    conditions = [consented_now()]
    if need.regions is not None:
        conditions.append(in_scope(need.regions, need.related_to))
    if need.card_type:
        conditions.append(documents.c.card_type == need.card_type)
    query = (
        select(*facts)
        .join_from(reach, documents, documents.c.card_id == reach.c.card_id)
        .where(*conditions)
    )
    return query.cte("facts").prefix_with("MATERIALIZED")


def match_statement(dialect: str, need: Need, limit: int, *, elsewhere: bool = True) -> Select[Any]:
    """Return the scored shortlist query; word columns are named word_0, word_1, …"""
    facts = candidate_facts(dialect, need, elsewhere=elsewhere)
    window = float(need.end_minute - need.start_minute)
    points: dict[str, ColumnElement[Any]] = {
        "district_points": facts.c.in_district * POINTS["district"],
        "time_points": facts.c.overlap * (POINTS["time"] / window),
        "competence_points": literal(0.0, Float),
        "text_points": literal(0.0, Float),
    }
    if need.competence:
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
        .limit(limit)
        .subquery("best")
    )
    return (
        select(*RESULT_COLUMNS, *(c for c in best.c if c.name != "doc_id"))
        .join_from(documents, best, documents.c.id == best.c.doc_id)
        .order_by(best.c.total.desc(), documents.c.card_id)
    )


def elsewhere_ceiling(need: Need) -> float:
    """Return the most a card outside the need's district can score (no district points)."""
    competence = POINTS["competence"] if need.competence else 0.0
    text_points = POINTS["text"] if need_words(need.text) else 0.0
    return POINTS["time"] + competence + text_points


async def shortlist(session: AsyncSession, need: Need, limit: int) -> list[Any]:
    """Return the need's best candidates with their points.

    The district's own cards are ranked first, alone: when `limit` of them each score above
    what any card outside the district can reach, those are the answer, and the weekday's
    windows across the whole region (most of the work) are never read. Otherwise the full
    query ranks both. Either way the answer is the same list in the same order.
    """
    dialect = (await session.connection()).dialect.name
    first = match_statement(dialect, need, limit, elsewhere=False)
    rows = list((await session.execute(first)).all())
    # Strictly above: an outside card scoring the same could precede on card id.
    if len(rows) == limit and float(rows[-1].total) > elsewhere_ceiling(need) + 1e-9:
        return rows
    return list((await session.execute(match_statement(dialect, need, limit))).all())
