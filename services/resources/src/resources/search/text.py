"""Text normalisation and Finnish/Swedish stemming for the search index.

Why Snowball (PyStemmer) and not Voikko, measured on this machine:
- PostgreSQL's `finnish` and `swedish` configurations *are* Snowball. PyStemmer 2.2.0.3
  bundles Snowball 2.2.0, the version PostgreSQL 15 ships: over 3,409 words of the
  project's Finnish sources, its stems equal `ts_lexize('finnish_stem' | 'swedish_stem')`
  for every word (PyStemmer 3.1, Snowball 3, differs on 43 Swedish `-et` forms, so the
  pin matters; a test compares the two on every run). The stop word lists beside this
  file are PostgreSQL's, so both databases drop the same words and give the same answers.
- Voikko lemmatises Finnish better (15 of 16 inflected pairs joined, Snowball 12), but
  it has no Swedish, it is about 170 times slower (19,500 words/s against 3.4 million),
  and it needs system libraries and a dictionary (Debian's libvoikko1 and voikko-fi) that
  every image and CI machine would have to install; and on PostgreSQL the lemmas would
  not match its own `finnish` configuration.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Literal

import Stemmer  # type: ignore[import-not-found]  # a C extension without type stubs

Language = Literal["fi", "sv"]
LANGUAGES: tuple[Language, ...] = ("fi", "sv")
SNOWBALL: dict[Language, str] = {"fi": "finnish", "sv": "swedish"}
MAX_QUERY_TERMS = 8
"""A query of more words than this is cut: each word is one more index lookup."""

# A word is a run of letters and digits (as PostgreSQL's parser sees it); `_` separates.
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Return the text in one Unicode form (NFC) and one case, for every later step."""
    return unicodedata.normalize("NFC", text).lower()


def words(text: str) -> list[str]:
    """Return the words of a text, normalised, in order."""
    return _WORD.findall(normalise(text))


@cache
def stop_words(language: Language) -> frozenset[str]:
    """Return the words that carry no meaning for search in this language."""
    path = Path(__file__).with_name(f"stop_{SNOWBALL[language]}.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _stemmer(language: Language) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(SNOWBALL[language])


def stems(text: str, language: Language) -> list[str]:
    """Return the stems of a text's words, stop words left out, in order."""
    stop = stop_words(language)
    kept = [word for word in words(text) if word not in stop]
    return list(_stemmer(language).stemWords(kept))


def stemmed(text: str, language: Language) -> str:
    """Return a text as its stems joined by spaces: what the SQLite index stores."""
    return " ".join(stems(text, language))


def query_stems(query: str, language: Language) -> tuple[str, ...]:
    """Return the distinct stems a query looks for, in query order, at most MAX_QUERY_TERMS."""
    return tuple(dict.fromkeys(stems(query, language)))[:MAX_QUERY_TERMS]
