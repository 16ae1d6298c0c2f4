"""Initial resources tables: cards, offers, activities, contributions, inclusion consents, districts.

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
TABLES = (
    "offers",
    "activities",
    "contributions",
    "inclusion_consents",
    "district_notes",
    "district_networks",
    "districts",
    "cards",
)


def upgrade() -> None:
    create_messaging_tables()
    add_outbox_parking()
    _cards()
    _card_logs()
    _inclusion_consents()
    _districts()


def _cards() -> None:
    """Cards of every kind and organisations' offers and needs."""
    op.create_table(
        "cards",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("card_type", sa.String(length=20), nullable=False),
        sa.Column("region", sa.String(length=50), nullable=False),
        sa.Column("owner_organisation_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("holder_card_id", sa.Uuid(), nullable=True),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("sector", sa.String(length=30), nullable=True),
        sa.Column("business_id", sa.String(length=9), nullable=True),
        sa.Column("name_fi", sa.String(length=300), nullable=True),
        sa.Column("name_sv", sa.String(length=300), nullable=True),
        sa.Column("districts", sa.JSON(), nullable=False),
        sa.Column("target_groups", sa.JSON(), nullable=False),
        sa.Column("competences", sa.JSON(), nullable=False),
        sa.Column("life_areas", sa.JSON(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("responsible_worker_id", sa.String(length=40), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("external_source", sa.String(length=60), nullable=True),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("archived_at", TS, nullable=True),
        sa.Column("suppressed_at", TS, nullable=True),
        sa.Column("last_contact_on", sa.Date(), nullable=True),
        sa.Column("stale_notified_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_cards"),
        sa.UniqueConstraint("external_source", "external_id", name="uq_cards_external"),
    )
    op.create_index("ix_cards_holder", "cards", ["holder_card_id"], unique=False)
    op.create_index("ix_cards_modified", "cards", ["updated_at", "id"], unique=False)
    op.create_index(
        "ix_cards_region_type", "cards", ["region", "card_type", "status"], unique=False
    )
    op.create_index("ix_cards_responsible", "cards", ["responsible_worker_id"], unique=False)
    op.create_index("ix_cards_subject", "cards", ["subject_id"], unique=False)
    op.create_table(
        "offers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("card_id", sa.Uuid(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_fi", sa.String(length=300), nullable=False),
        sa.Column("name_sv", sa.String(length=300), nullable=True),
        sa.Column("description_fi", sa.Text(), nullable=True),
        sa.Column("description_sv", sa.Text(), nullable=True),
        sa.Column("life_area", sa.String(length=20), nullable=True),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["cards.id"], name="fk_offers_card_id_cards"),
        sa.PrimaryKeyConstraint("id", name="pk_offers"),
        sa.UniqueConstraint("card_id", "external_id", name="uq_offers_card_external"),
    )
    op.create_index("ix_offers_card", "offers", ["card_id", "position"], unique=False)
    op.create_index("ix_offers_modified", "offers", ["updated_at", "id"], unique=False)


def _card_logs() -> None:
    """Activity logs and citizens' contributions."""
    op.create_table(
        "activities",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("card_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("what", sa.Text(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["cards.id"], name="fk_activities_card_id_cards"),
        sa.PrimaryKeyConstraint("id", name="pk_activities"),
    )
    op.create_index("ix_activities_card", "activities", ["card_id", "occurred_on"], unique=False)
    op.create_table(
        "contributions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("card_id", sa.Uuid(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("to_what", sa.Text(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["cards.id"], name="fk_contributions_card_id_cards"),
        sa.PrimaryKeyConstraint("id", name="pk_contributions"),
    )
    op.create_index("ix_contributions_card", "contributions", ["card_id", "given_on"], unique=False)


def _inclusion_consents() -> None:
    """The local mirror of inclusion consents."""
    op.create_table(
        "inclusion_consents",
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("valid_from", TS, nullable=False),
        sa.Column("valid_until", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("consent_id", name="pk_inclusion_consents"),
    )
    op.create_index(
        "ix_inclusion_consents_subject",
        "inclusion_consents",
        ["subject_id", "status"],
        unique=False,
    )


def _districts() -> None:
    """Districts, their networks and field notes."""
    op.create_table(
        "district_networks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("district_code", sa.String(length=60), nullable=False),
        sa.Column("region", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("card_ids", sa.JSON(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_district_networks"),
    )
    op.create_index(
        "ix_district_networks_district_code", "district_networks", ["district_code"], unique=False
    )
    op.create_table(
        "district_notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("district_code", sa.String(length=60), nullable=False),
        sa.Column("region", sa.String(length=50), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_district_notes"),
    )
    op.create_index(
        "ix_district_notes_district_code", "district_notes", ["district_code"], unique=False
    )
    op.create_table(
        "districts",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("region", sa.String(length=50), nullable=False),
        sa.Column("finder_worker_ids", sa.JSON(), nullable=False),
        sa.Column("key_person_card_ids", sa.JSON(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_districts"),
    )
    op.create_index("ix_districts_region", "districts", ["region"], unique=False)


def downgrade() -> None:
    for name in TABLES:
        op.drop_table(name)
    drop_messaging_tables()
