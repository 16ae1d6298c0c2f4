"""The facet filters of a search (district, target group, competence): asked card by card,
read from the facet's own rows (SQLite, without words), or stood for by facet keys (with words).

A document's facet keys are its filter values: "facet:value" for each district, target group
and competence, and "at:weekday:hour" for each hour a window touches. PostgreSQL keeps them as
one GIN-indexed array (`resources.search.index.FACET_KEYS_SQL`), SQLite as terms of the text
index's `keys` column (`query.fts5_with_keys` adds them to the MATCH): a search with words and
such filters intersects the words' index with the keys instead of joining tables.
"""

from typing import Any

from sqlalchemy import ARRAY, ColumnElement, String, Text, bindparam, literal_column

from resources.repository.search import SearchFilters, has_facet
from resources.search.tables import documents, facets

FACET_FILTERS = ("district", "target_group", "competence")
AT = frozenset({"weekday", "at_minute"})
"""A weekday given with a time: the hour's key stands for them (a day alone has none)."""


def keyed_filters(given: frozenset[str]) -> frozenset[str]:
    """Return which of the given filters facet keys stand for (none: no key is needed)."""
    keyed = given.intersection(FACET_FILTERS)
    return keyed | AT if given >= AT else keyed


def facet_keys(filters: SearchFilters, keyed: frozenset[str]) -> list[str]:
    """Return the facet keys of these filters' values (`keyed`, from `keyed_filters`)."""
    keys = [f"{name}:{getattr(filters, name)}" for name in FACET_FILTERS if name in keyed]
    if keyed >= AT and filters.weekday is not None and filters.at_minute is not None:
        keys.append(f"at:{filters.weekday}:{filters.at_minute // 60}")
    return keys


def facets_asked(given: frozenset[str], driving: str | None) -> list[ColumnElement[bool]]:
    """Return "the card has the facet's (bound) value" for each given facet filter but
    `driving`, the statement's source (`facet_source`)."""
    return [
        has_facet(name, bindparam(name, type_=String))
        for name in FACET_FILTERS
        if name in given and name != driving
    ]


def facet_source(facet: str) -> tuple[Any, ColumnElement[Any], list[ColumnElement[bool]]]:
    """Return the facet's rows joined to their documents, the card id to order by, and the
    facet's condition: its rows come in card-id order from its primary key, so the page
    stops after its last card instead of walking every card and asking each for the facet
    (4x faster for a district, a competence and a time at 50,000 cards on SQLite)."""
    rows = facets.alias("driving")  # other facets are asked of `search_facets` itself
    source = rows.join(documents, documents.c.card_id == rows.c.card_id)
    value = bindparam(facet, type_=String)
    return source, rows.c.card_id, [rows.c.facet == facet, rows.c.value == value]


def facet_keys_condition() -> ColumnElement[bool]:
    """Return PostgreSQL's "the document has every facet key bound as `facet_keys`".

    Exact for the facets; for "available at" a necessary condition (the hour is touched), the
    exact availability check still decides. With the facets also asked as EXISTS, the planner
    joined every card of the district to every window of the weekday (18 ms for a district, a
    competence and a time at 50,000 cards). Without words, walking the cards in id order over
    covering indexes stops sooner (1.5 ms), so the keys are for searches with words.
    """
    keys = bindparam("facet_keys", type_=ARRAY(Text))
    return literal_column("search_documents.facet_keys").op("@>")(keys)
