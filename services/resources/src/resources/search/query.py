"""SQL pieces of a search, per dialect: the full-text match and rank, and the distance.

A query matches a card when all its Finnish stems are in the card's Finnish text, or all
its Swedish stems in its Swedish text (PostgreSQL's `plainto_tsquery` semantics, which
FTS5 is told to follow). SQLite ranks with bm25 over (title, text) per language, titles
weighing three times the text; PostgreSQL with `ts_rank` over tsvectors whose titles
carry weight A. Ranks are reported larger-is-better on both.
"""

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Float, String, bindparam, func, literal_column, or_, text
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.expression import TextClause

from resources.search.text import LANGUAGES, Language, query_stems, stop_words, words

EARTH_KM = 6371.0088
KM_PER_DEGREE = 111.195
TITLE_WEIGHT = 3.0
# FTS5 columns in order with their bm25 weights. `keys` holds a card's filter keys (migration
# 0006): asked only with the filters, it weighs nothing in a rank.
FTS_WEIGHTS = {"title_fi": TITLE_WEIGHT, "text_fi": 1.0, "title_sv": TITLE_WEIGHT, "text_sv": 1.0}
FTS_WEIGHTS["keys"] = 0.0
PG_CONFIG = {"fi": "finnish", "sv": "swedish"}


@dataclass(frozen=True)
class TextQuery:
    """What a query string asks for: its stems per language, and its words for PostgreSQL."""

    stems: dict[Language, tuple[str, ...]]
    words: dict[Language, str]

    @property
    def empty(self) -> bool:
        """Whether nothing is left to look for (only stop words, or no words)."""
        return not any(self.stems.values())


def text_query(query: str) -> TextQuery:
    """Return the stems and words a query string looks for in each language."""
    kept = {
        lang: " ".join(dict.fromkeys(w for w in words(query) if w not in stop_words(lang)))
        for lang in LANGUAGES
    }
    return TextQuery(stems={lang: query_stems(query, lang) for lang in LANGUAGES}, words=kept)


def fts5_match(query: TextQuery, *, any_term: bool = False) -> str:
    """Return an FTS5 MATCH expression: every stem (or any, `any_term`) in either language.

    Stems are runs of letters and digits only, and each is quoted, so no FTS5 operator
    can be smuggled in through a query.
    """
    joiner = " OR " if any_term else " AND "
    parts = []
    for lang in LANGUAGES:
        if stems := query.stems[lang]:
            terms = joiner.join(f'"{stem}"' for stem in stems)
            parts.append(f"{{title_{lang} text_{lang}}} : ({terms})")
    return " OR ".join(parts)


def fts5_with_keys(match: str, keys: list[str]) -> str:
    """Return an FTS5 MATCH expression: the words' `match` and every filter key in the `keys`
    column (migration 0006), so FTS5 intersects the words' postings with the filters'. Each
    key is quoted, any quote in it doubled: a value cannot end the string."""
    quoted = " AND ".join('"' + key.replace('"', '""') + '"' for key in keys)
    return f"({match}) AND keys : ({quoted})"


def fts5_term(stem: str, lang: Language) -> str:
    """Return an FTS5 MATCH expression for one stem in one language's columns."""
    return f'{{title_{lang} text_{lang}}} : ("{stem}")'


def fts5_ranked() -> TextClause:
    """Return the FTS5 subquery of (rowid, rank) for the bound `match` expression."""
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS.values())
    return text(
        f"SELECT rowid AS doc_id, -bm25(search_text, {weights}) AS rank "
        "FROM search_text WHERE search_text MATCH :match"
    )


def pg_tsquery(lang: Language, words: str | BindParameter[str]) -> ColumnElement[object]:
    """Return PostgreSQL's query for these words in one language (stemmed by PostgreSQL)."""
    return func.plainto_tsquery(literal_column(f"'{PG_CONFIG[lang]}'"), words)


def pg_match_and_rank(
    languages: tuple[Language, ...],
) -> tuple[ColumnElement[bool], ColumnElement[float]]:
    """Return the PostgreSQL match condition and rank over `search_documents`' tsvectors, in
    these languages (those the query has stems in); the words are bound as `words_fi` /
    `words_sv`."""
    matches: list[ColumnElement[bool]] = []
    ranks: list[ColumnElement[Any]] = []
    for lang in languages:
        vector: ColumnElement[Any] = literal_column(f"search_documents.tsv_{lang}")
        tsquery = pg_tsquery(lang, bindparam(f"words_{lang}", type_=String))
        matches.append(vector.op("@@")(tsquery))
        ranks.append(func.ts_rank(vector, tsquery))
    rank = ranks[0] if len(ranks) == 1 else func.greatest(*ranks)
    return or_(*matches), rank.cast(Float)


def haversine_km(lat: ColumnElement[float], lon: ColumnElement[float]) -> ColumnElement[float]:
    """Return the great-circle distance in km from the bound point (near_lat, near_lon)."""
    here_lat, here_lon = bindparam("near_lat", type_=Float), bindparam("near_lon", type_=Float)
    dlat = func.radians(lat - here_lat) / 2
    dlon = func.radians(lon - here_lon) / 2
    inner = func.power(func.sin(dlat), 2) + func.cos(func.radians(here_lat)) * func.cos(
        func.radians(lat)
    ) * func.power(func.sin(dlon), 2)
    return 2 * EARTH_KM * func.asin(func.sqrt(inner))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lon, max_lon) around a point: the index-friendly prefilter."""
    dlat = km / KM_PER_DEGREE
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    dlon = km / (KM_PER_DEGREE * cos_lat)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
