"""Clients unique per region (not across regions); referrals record the basis of their disclosure.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_constraint("uq_clients_identity_code_hash", type_="unique")
        batch_op.create_unique_constraint(
            "uq_clients_region_identity", ["region", "identity_code_hash"]
        )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        # Referrals sent before the basis was recorded were sent by the organiser under its
        # own control; they are marked as such, not as consented.
        batch_op.add_column(
            sa.Column("basis", sa.String(length=30), nullable=False, server_default="unrecorded")
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("basis")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_constraint("uq_clients_region_identity", type_="unique")
        batch_op.create_unique_constraint("uq_clients_identity_code_hash", ["identity_code_hash"])
