"""The search index's tables (migration 0002): one document per card, its facets, its hours,
and (migration 0005) its hours per district and life area it serves, for matching.

The index is derived data: the card service feeds it in the card's own unit of work, so
it holds only what the card shows (masked when consent lapses) and never more. The text
index itself is dialect-specific and lives outside the metadata: an FTS5 table
`search_text` (rowid = `search_documents.id`) on SQLite, generated `tsvector` columns
`tsv_fi` / `tsv_sv` on PostgreSQL, both created by the migration.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
)

from resources.models import metadata
from tukiverkko_common.columns import UtcDateTime

_ID = BigInteger().with_variant(Integer, "sqlite")
FACETS = ("district", "target_group", "competence", "life_area", "district_life_area")
"""The many-valued filters; each (facet, value) is one indexed row per card."""


documents = Table(
    "search_documents",
    metadata,
    # Filter columns first, the long texts last: a query reading only the filters never
    # has to step over the texts (or follow their overflow pages).
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("card_id", Uuid, nullable=False, unique=True),
    Column("card_type", String(20), nullable=False),
    Column("region", String(50), nullable=False),
    Column("sector", String(40), nullable=True),
    # The consent subject the card is about and the end of their inclusion consent in force
    # when it was indexed (null: no end), so that every search leaves out, at query time, a
    # person whose consent has run out before its event has erased the card.
    Column("subject_id", Uuid, nullable=True),
    Column("consent_until", UtcDateTime, nullable=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("holder_card_id", Uuid, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("districts", JSON, nullable=False),
    Column("competences", JSON, nullable=False),
    Column("title_fi", Text, nullable=False),
    Column("title_sv", Text, nullable=False),
    Column("text_fi", Text, nullable=False),
    Column("text_sv", Text, nullable=False),
    Index("ix_search_documents_region_card_type", "region", "card_type"),
    # Covering (migration 0004): a search near a point takes the box's cards with their scope
    # and consent from the index alone; only the page's rows are read for what hits show.
    Index(
        "ix_search_documents_place",
        "latitude",
        "longitude",
        "region",
        "card_type",
        "subject_id",
        "consent_until",
        "card_id",
        "id",
    ),
    Index("ix_search_documents_subject_id", "subject_id"),
    # Covering (migration 0003): matching checks each candidate's scope and consent from
    # the index alone, never stepping onto the row with the texts.
    Index(
        "ix_search_documents_card_scope",
        "card_id",
        "region",
        "card_type",
        "subject_id",
        "consent_until",
        "id",
    ),
)
facets = Table(
    "search_facets",
    metadata,
    Column("facet", String(20), primary_key=True),
    Column("value", String(80), primary_key=True),
    Column("card_id", Uuid, primary_key=True),
    Index("ix_search_facets_card_id", "card_id"),
)
availability = Table(
    "search_availability",
    metadata,
    Column("card_id", Uuid, primary_key=True),
    Column("weekday", SmallInteger, primary_key=True),
    Column("start_minute", SmallInteger, primary_key=True),
    Column("end_minute", SmallInteger, nullable=False),
    # Covering: a weekday's windows are read from the index alone (no row lookups).
    Index(
        "ix_search_availability_weekday_start_minute_end_minute_card_id",
        "weekday",
        "start_minute",
        "end_minute",
        "card_id",
    ),
    # Covering (migration 0003): one card's windows on a weekday, without row lookups.
    Index(
        "ix_search_availability_card_windows", "card_id", "weekday", "start_minute", "end_minute"
    ),
)
district_windows = Table(
    "search_district_windows",
    metadata,
    # One row per window of a card per (district, life area) pair the card serves: matching's
    # first circle (the district's cards available in the need's window) is one range of this
    # key. Without it each of the pair's cards was probed for a window: 3,300 probes, 5 ms,
    # for a district and life area at 50,000 cards, to find the 440 cards in the window.
    Column("district_life_area", String(80), primary_key=True),
    Column("weekday", SmallInteger, primary_key=True),
    Column("start_minute", SmallInteger, primary_key=True),
    Column("end_minute", SmallInteger, primary_key=True),
    Column("card_id", Uuid, primary_key=True),
    Index("ix_search_district_windows_card_id", "card_id"),
)
