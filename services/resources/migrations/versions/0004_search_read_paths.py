"""Search read paths: full-text indexes without a pending list, and a covering place index.

PostgreSQL's full-text indexes take each card's words at once. With GIN's default `fastupdate`, new entries wait in a pending list that every search reads
in full until a vacuum merges it (up to `gin_pending_list_limit`, 4 MB): after 50,000 cards
were written, a search for a word in 43 cards spent 8 ms reading that list and 0.04 ms in the
index itself. Cards change rarely and are searched all the time, so each write updates the
index directly, and the list left from earlier writes is merged now. SQLite has no such list.

A search near a point read the cards of its latitude band from the place index and then
each candidate's row (with its long texts) for its region and consent: 3.7 ms for a 2 km
radius at 50,000 cards on SQLite. The place index now carries those columns: 1.7 ms.

On PostgreSQL a document also carries its filter values as one GIN-indexed array (district,
target group and competence as "facet:value", each hour a window touches as
"at:weekday:hour"): a search with words and filters intersects the two GIN indexes instead
of joining every card of the district to every window of the weekday (13 ms at 50,000).

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = ("ix_search_documents_tsv_fi", "ix_search_documents_tsv_sv")
PLACE = ["latitude", "longitude", "region", "card_type", "subject_id", "consent_until"]
PLACE += ["card_id", "id"]
FACET_KEYS = """UPDATE search_documents AS d SET facet_keys = k.keys FROM (
    SELECT card_id, array_agg(DISTINCT key) AS keys FROM (
        SELECT card_id, facet || ':' || value AS key FROM search_facets
        WHERE facet IN ('district', 'target_group', 'competence')
        UNION ALL
        SELECT card_id, 'at:' || weekday || ':' || h FROM search_availability,
            generate_series(start_minute / 60, (end_minute - 1) / 60) AS h
    ) AS listed GROUP BY card_id
) AS k WHERE d.card_id = k.card_id"""


def upgrade() -> None:
    op.create_index("ix_search_documents_place", "search_documents", PLACE)
    op.drop_index("ix_search_documents_latitude_longitude", table_name="search_documents")
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")
    op.execute("ALTER TABLE search_documents ADD COLUMN facet_keys text[] NOT NULL DEFAULT '{}'")
    op.execute(FACET_KEYS)
    op.execute(
        "CREATE INDEX ix_search_documents_facet_keys ON search_documents "
        "USING gin (facet_keys) WITH (fastupdate = off)"
    )


def downgrade() -> None:
    op.create_index(
        "ix_search_documents_latitude_longitude", "search_documents", ["latitude", "longitude"]
    )
    op.drop_index("ix_search_documents_place", table_name="search_documents")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_documents DROP COLUMN facet_keys")
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (fastupdate)")
