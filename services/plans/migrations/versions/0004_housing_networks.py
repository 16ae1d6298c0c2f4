"""Housing networks from the network service's events; the plan's coordinator becomes legacy.

The area coordinator now comes from the housing network a client lives in (events of the
network service). The free-text-era column is renamed, not dropped: plans written before
keep their value readable as `legacy_area_coordinator_id`, and a client in no housing
network still falls back to it. New plans need not name one, so it becomes nullable.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_area_coordinator_id"))
        batch_op.alter_column(
            "area_coordinator_id",
            new_column_name="legacy_area_coordinator_id",
            existing_type=sa.String(length=128),
            nullable=True,
        )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plans_legacy_area_coordinator_id"),
            ["legacy_area_coordinator_id"],
            unique=False,
        )
    op.create_table(
        "housing_residencies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("moved_in_on", sa.Date(), nullable=False),
        sa.Column("moved_out_on", sa.Date(), nullable=True),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("housing_residencies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_housing_residencies_client_id"), ["client_id"])
        batch_op.create_index(batch_op.f("ix_housing_residencies_network_id"), ["network_id"])
    op.create_table(
        "housing_coordinator_terms",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.String(length=128), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("from_on", sa.Date(), nullable=False),
        sa.Column("to_on", sa.Date(), nullable=True),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("housing_coordinator_terms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_housing_coordinator_terms_network_id"), ["network_id"])
        batch_op.create_index(batch_op.f("ix_housing_coordinator_terms_worker_id"), ["worker_id"])


def downgrade() -> None:
    op.drop_table("housing_coordinator_terms")
    op.drop_table("housing_residencies")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_legacy_area_coordinator_id"))
        batch_op.alter_column(
            "legacy_area_coordinator_id",
            new_column_name="area_coordinator_id",
            existing_type=sa.String(length=128),
            nullable=False,
        )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plans_area_coordinator_id"), ["area_coordinator_id"], unique=False
        )
