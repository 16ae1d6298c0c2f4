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

from sqlalchemy.ext.asyncio import AsyncSession

from resources.repository.match_sql import POINTS, MatchShape, match_statement
from resources.search.index import district_life_area
from resources.search.query import fts5_term, fts5_with_keys
from resources.search.text import LANGUAGES, Language, query_stems, stop_words, words
from tukiverkko_common.clock import utcnow
from tukiverkko_common.db import fetch_rows

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


def shape_of(
    dialect: str, need: Need, limit: int, *, elsewhere: bool, windowed: bool = False
) -> MatchShape:
    """Return what decides the statement's form for this need (its values are bound apart)."""
    found = need_words(need.text)
    return MatchShape(
        dialect=dialect,
        elsewhere=elsewhere,
        competence=bool(need.competence),
        words=tuple(
            tuple(lang for lang in stems if word not in stop_words(lang)) for word, stems in found
        ),
        card_type=bool(need.card_type),
        regions=None if need.regions is None else bool(need.regions),
        related_to=need.related_to is not None,
        limit=limit,
        windowed=windowed,
    )


def params_of(need: Need, *, in_district: bool = False) -> dict[str, Any]:
    """Return the values bound into the need's statement, by parameter name. `in_district`:
    for a circle of the district's cards only, whose words SQLite looks up among the
    district's cards alone (FTS5 intersects the word's postings with the district key's)."""
    values: dict[str, Any] = {
        "now": utcnow(),
        "weekday": need.weekday,
        "start_minute": need.start_minute,
        "end_minute": need.end_minute,
        "district": need.district,
        "life_area": need.life_area,
        "district_life_area": district_life_area(need.district, need.life_area),
        "time_scale": POINTS["time"] / float(need.end_minute - need.start_minute),
        "competence": need.competence,
        "card_type": need.card_type,
        "regions": list(need.regions or ()),
        "related_to": need.related_to,
    }
    for i, (word, stems) in enumerate(need_words(need.text)):
        values[f"word_{i}"] = word
        match = " OR ".join(fts5_term(s, lang) for lang, s in stems.items())
        if in_district:
            match = fts5_with_keys(match, [f"district:{need.district}"])
        values[f"word_match_{i}"] = match
    return values


def elsewhere_ceiling(need: Need) -> float:
    """Return the most a card outside the need's district can score (no district points)."""
    return POINTS["time"] + _extras(need)


def unavailable_ceiling(need: Need) -> float:
    """Return the most a card not available in the need's window can score: one in the
    district without time points (more than any card outside the district can reach)."""
    return POINTS["district"] + _extras(need)


def _extras(need: Need) -> float:
    competence = POINTS["competence"] if need.competence else 0.0
    return competence + (POINTS["text"] if need_words(need.text) else 0.0)


async def shortlist(session: AsyncSession, need: Need, limit: int) -> list[Any]:
    """Return the need's best candidates with their points.

    Ranked in widening circles, each answering only when its `limit` best all score above
    what any card outside it can reach: the district's cards available in the need's window
    (one probe of each card's windows decides; at 50,000 cards a fifth of the district's
    cards pass), then all the district's cards, then the full query with the weekday's
    windows across the whole region (most of the work). Either way the answer is the same
    list in the same order.
    """
    dialect = (await session.connection()).dialect.name
    params = params_of(need, in_district=True)
    for windowed, ceiling in ((True, unavailable_ceiling(need)), (False, elsewhere_ceiling(need))):
        shape = shape_of(dialect, need, limit, elsewhere=False, windowed=windowed)
        statement = match_statement(shape)
        rows = await fetch_rows(session, statement, params)
        # Strictly above: a card outside scoring the same could precede on card id.
        if len(rows) == limit and float(rows[-1].total) > ceiling + 1e-9:
            return rows
    full = match_statement(shape_of(dialect, need, limit, elsewhere=True))
    return await fetch_rows(session, full, params_of(need))
