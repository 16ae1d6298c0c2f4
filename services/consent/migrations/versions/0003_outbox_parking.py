"""Outbox parking: attempts, last error and parked time per outbox row.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from tukiverkko_common.migrations import add_outbox_parking, drop_outbox_parking

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_parking()


def downgrade() -> None:
    drop_outbox_parking()
