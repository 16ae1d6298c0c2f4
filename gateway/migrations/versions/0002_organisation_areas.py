"""organisation areas: the wellbeing region and municipality an organisation serves

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("municipality", sa.String(length=3), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("municipality")
        batch_op.drop_column("region")
