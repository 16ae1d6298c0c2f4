"""PostgreSQL's full-text indexes take each card's words at once instead of in a pending list.

With GIN's default `fastupdate`, new entries wait in a pending list that every search reads
in full until a vacuum merges it (up to `gin_pending_list_limit`, 4 MB): after 50,000 cards
were written, a search for a word in 43 cards spent 8 ms reading that list and 0.04 ms in the
index itself. Cards change rarely and are searched all the time, so each write updates the
index directly, and the list left from earlier writes is merged now. SQLite has no such list.

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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (fastupdate)")
