"""Covering indexes for matching: a candidate's document and its windows read from indexes alone.

Matching joins every card of a need's district (3,300 of 50,000 in the bench) to its document
(region, type, consent columns) and asks for its windows on the need's weekday. With only the
unique card id index and the availability primary key, each of those rows cost a table lookup
(the document row holds the long texts); these indexes answer both from the index pages.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENT_COLUMNS = ["card_id", "region", "card_type", "subject_id", "consent_until", "id"]
WINDOW_COLUMNS = ["card_id", "weekday", "start_minute", "end_minute"]


def upgrade() -> None:
    op.create_index("ix_search_documents_card_scope", "search_documents", DOCUMENT_COLUMNS)
    op.create_index("ix_search_availability_card_windows", "search_availability", WINDOW_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_search_availability_card_windows", table_name="search_availability")
    op.drop_index("ix_search_documents_card_scope", table_name="search_documents")
