"""Shortfalls name the parts that fell short.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("shortfalls", schema=None) as batch_op:
        # Shortfalls raised before parts were judged one by one name none.
        batch_op.add_column(
            sa.Column("short_items", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("shortfalls", schema=None) as batch_op:
        batch_op.drop_column("short_items")
