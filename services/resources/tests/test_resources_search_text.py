"""The search engine's text rules, without the service: stems, stop words, FTS5 expressions."""

import sqlite3

import pytest

from resources.search.query import bounding_box, fts5_match, text_query
from resources.search.text import query_stems, stemmed, stems, words


@pytest.mark.parametrize(
    ("inflected", "base", "language"),
    [
        ("uimahallissa", "uimahalli", "fi"),
        ("kirjastossa", "kirjasto", "fi"),
        ("lomakkeiden", "lomake", "fi"),
        ("simhallen", "simhall", "sv"),
        ("föreningen", "förening", "sv"),
        ("simhallarna", "simhall", "sv"),
        ("grannar", "granne", "sv"),
    ],
)
def test_an_inflected_form_and_its_base_form_share_a_stem(inflected, base, language):
    assert stems(inflected, language) == stems(base, language)
    assert stems(inflected, language) != stems("kokkikerho", language)


def test_words_are_normalised_to_one_form_and_case():
    composed, decomposed = "Käsityö", "Ka\u0308sityo\u0308"
    assert words(composed) == words(decomposed) == ["käsityö"]
    assert words("Uinti_ja-kävely, 18:00!") == ["uinti", "ja", "kävely", "18", "00"]


def test_stop_words_carry_nothing_to_search_for():
    assert stemmed("ja että on", "fi") == ""
    assert stemmed("och att är", "sv") == ""
    assert text_query("ja että").stems["fi"] == ()
    assert text_query("och att").stems["sv"] == ()
    assert text_query("!!").empty
    assert query_stems("uimahalli ja Kirjasto kirjasto", "fi") == (
        *stems("uimahalli", "fi"),
        *stems("kirjasto", "fi"),
    )


def _fts(rows: list[tuple[str, str]]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE search_text USING fts5(title_fi, text_fi, title_sv, text_sv, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    for fi, sv in rows:
        db.execute(
            "INSERT INTO search_text VALUES (?, '', ?, '')", (stemmed(fi, "fi"), stemmed(sv, "sv"))
        )
    return db


def _found(db: sqlite3.Connection, query: str, **kw: bool) -> list[int]:
    expression = fts5_match(text_query(query), **kw)
    rows = db.execute("SELECT rowid FROM search_text WHERE search_text MATCH ?", (expression,))
    return sorted(r[0] for r in rows)


def test_fts5_finds_inflected_forms_both_ways_in_both_languages():
    db = _fts([("Uimahalli", "Simhall"), ("Uintia uimahallissa", "Simning i simhallen")])
    assert _found(db, "uimahallissa") == [1, 2]
    assert _found(db, "uimahalli") == [1, 2]
    assert _found(db, "simhallen") == [1, 2]
    assert _found(db, "simhall") == [1, 2]
    assert _found(db, "uimahalli uintia") == [2]
    assert _found(db, "kirjasto uintia", any_term=True) == [2]


@pytest.mark.parametrize(
    "hostile",
    ['uinti" OR "kirjasto', "uinti NOT kirjasto", "title_fi: uinti", "uin*", 'NEAR("a" "b")'],
)
def test_fts5_operators_in_a_query_are_words_not_syntax(hostile):
    db = _fts(
        [("uinti", ""), ("kirjasto", ""), ("uinti or kirjasto not near title_fi a b uin", "")]
    )
    # Only the card holding every word: no OR, NOT, column filter, prefix or NEAR took effect.
    assert _found(db, hostile) == [3]


def test_the_bounding_box_holds_every_point_within_the_radius():
    low_lat, high_lat, low_lon, high_lon = bounding_box(60.87, 26.70, 10.0)
    # 10 km north and east of Kouvola's centre, along the axes.
    assert low_lat < 60.87 - 0.0899 and high_lat > 60.87 + 0.0899
    assert low_lon < 26.70 - 0.184 and high_lon > 26.70 + 0.184
    assert high_lat - low_lat < 0.19
