"""SQLite's text index also holds each card's filter keys, so words and filters meet in FTS5.

A search with words and filters (a district, a weekday and time) listed the words' matches
and asked each for its district and windows by index probes: with a word in 5,000 of 50,000
cards and one match in sixty passing the filters, a page of twenty walked ~1,200 matches, four
probes each (7 ms). FTS5 intersects posting lists instead: the text table gets a `keys`
column holding the card's filter values ("district:…", "target_group:…", "competence:…") and
each hour its windows touch ("at:weekday:hour"), the same keys PostgreSQL keeps in
`search_documents.facet_keys` (migration 0004). The tokenizer keeps ':', '-' and '_' inside a
token so each key is one term; the stems in the other columns are runs of letters and digits,
which it splits as before.

An FTS5 table takes no new column: the table is rebuilt from its own content, the keys made
from the facets and windows already indexed. PostgreSQL has nothing to do here.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = "title_fi, text_fi, title_sv, text_sv"
KEYED = (
    f"CREATE VIRTUAL TABLE search_text_keyed USING fts5({TEXT}, keys, "
    "tokenize = 'unicode61 remove_diacritics 0 tokenchars '':-_''')"
)
FILL = f"""WITH RECURSIVE hours(h) AS (SELECT 0 UNION ALL SELECT h + 1 FROM hours WHERE h < 23),
listed(card_id, key) AS (
    SELECT card_id, facet || ':' || value FROM search_facets
    WHERE facet IN ('district', 'target_group', 'competence')
    UNION ALL
    SELECT card_id, 'at:' || weekday || ':' || h FROM search_availability
    JOIN hours ON h BETWEEN start_minute / 60 AND (end_minute - 1) / 60
),
keyed(card_id, keys) AS (SELECT card_id, group_concat(key, ' ') FROM listed GROUP BY card_id)
INSERT INTO search_text_keyed (rowid, {TEXT}, keys)
SELECT t.rowid, {", ".join("t." + c for c in TEXT.split(", "))}, coalesce(k.keys, '')
FROM search_text AS t JOIN search_documents AS d ON d.id = t.rowid
LEFT JOIN keyed AS k ON k.card_id = d.card_id"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    op.execute(KEYED)
    op.execute(FILL)
    op.execute("DROP TABLE search_text")
    op.execute("ALTER TABLE search_text_keyed RENAME TO search_text")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    op.execute(
        f"CREATE VIRTUAL TABLE search_text_plain USING fts5({TEXT}, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    op.execute(
        f"INSERT INTO search_text_plain (rowid, {TEXT}) SELECT rowid, {TEXT} FROM search_text"
    )
    op.execute("DROP TABLE search_text")
    op.execute("ALTER TABLE search_text_plain RENAME TO search_text")
