"""Initial network schema: maps, alters, ties, snapshots, alter references, outbox, inbox, lease.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tukiverkko_common.migrations import (
    add_outbox_parking,
    create_messaging_tables,
    drop_messaging_tables,
)

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _tracked(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("modified_at", TS, nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_modified_at", name, ["modified_at"])


def _map_id(table: str) -> sa.Column:
    return sa.Column(
        "map_id",
        sa.Uuid(),
        sa.ForeignKey("network_maps.id", name=f"fk_{table}_map_id_network_maps"),
        nullable=False,
    )


def upgrade() -> None:
    create_messaging_tables()
    add_outbox_parking()
    _tracked(
        "network_maps",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("region", sa.String(50), nullable=False),
        sa.Column("district", sa.String(60), nullable=True),
        sa.Column("created_by_organisation", sa.Uuid(), nullable=False),
    )
    op.create_index("ix_network_maps_client_id", "network_maps", ["client_id"])
    op.create_index("ix_network_maps_area", "network_maps", ["region", "district"])
    _alters()
    _ties()
    _snapshots()
    _references()


def _alters() -> None:
    _tracked(
        "alters",
        _map_id("alters"),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("sector", sa.String(40), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("resource_card_id", sa.Uuid(), nullable=True),
        sa.Column("label", sa.String(120), nullable=True),
        sa.Column("label_consent_id", sa.Uuid(), nullable=True),
        sa.Column("label_subject_id", sa.Uuid(), nullable=True),
    )
    for column in ("map_id", "resource_card_id", "label_consent_id"):
        op.create_index(f"ix_alters_{column}", "alters", [column])


def _ties() -> None:
    _tracked(
        "ties",
        _map_id("ties"),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column(
            "from_alter_id",
            sa.Uuid(),
            sa.ForeignKey("alters.id", name="fk_ties_from_alter_id_alters"),
            nullable=True,
        ),
        sa.Column(
            "to_alter_id",
            sa.Uuid(),
            sa.ForeignKey("alters.id", name="fk_ties_to_alter_id_alters"),
            nullable=False,
        ),
        sa.Column("relationship", sa.String(40), nullable=True),
        sa.Column("strength", sa.String(10), nullable=False),
        sa.Column("quality", sa.String(20), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("support_types", sa.JSON(), nullable=False),
        sa.Column("contact_frequency", sa.String(10), nullable=True),
    )
    op.create_index("ix_ties_map_id", "ties", ["map_id"])


def _snapshots() -> None:
    _tracked(
        "snapshots",
        _map_id("snapshots"),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("taken_by_organisation", sa.Uuid(), nullable=False),
        sa.Column("alters", sa.JSON(), nullable=False),
        sa.Column("ties", sa.JSON(), nullable=False),
    )
    op.create_index("ix_snapshots_map_id", "snapshots", ["map_id"])


def _references() -> None:
    op.create_table(
        "alter_references",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref_kind", sa.String(20), nullable=False),
        sa.Column("ref_id", sa.Uuid(), nullable=False),
        _map_id("alter_references"),
        sa.PrimaryKeyConstraint("id", name="pk_alter_references"),
    )
    op.create_index("ix_alter_references_ref", "alter_references", ["ref_kind", "ref_id"])


def downgrade() -> None:
    for table in ("alter_references", "snapshots", "ties", "alters", "network_maps"):
        op.drop_table(table)
    drop_messaging_tables()
