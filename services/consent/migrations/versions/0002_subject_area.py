"""Subjects keep the client's region and municipality (from ClientRegistered) to scope lists.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("subjects") as batch:
        batch.add_column(sa.Column("region", sa.String(50), nullable=True))
        batch.add_column(sa.Column("municipality", sa.String(50), nullable=True))
    op.create_index("ix_subjects_area", "subjects", ["region", "municipality"])


def downgrade() -> None:
    op.drop_index("ix_subjects_area", table_name="subjects")
    with op.batch_alter_table("subjects") as batch:
        batch.drop_column("municipality")
        batch.drop_column("region")
