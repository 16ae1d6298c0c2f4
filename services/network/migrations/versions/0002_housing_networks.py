"""Housing networks: apartments, residencies, coordinator terms, partners, resident interactions,
community activities with sessions and attendance, self-monitoring plan versions.

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

TS = sa.DateTime(timezone=True)
TABLES = (
    "housing_networks",
    "housing_coordinator_terms",
    "housing_apartments",
    "housing_residencies",
    "housing_partners",
    "housing_interactions",
    "community_activities",
    "activity_sessions",
    "activity_attendance",
    "selfmonitoring_versions",
)

NETWORK_INDEXED = (
    "housing_coordinator_terms",
    "housing_apartments",
    "housing_residencies",
    "housing_partners",
    "housing_interactions",
    "community_activities",
    "selfmonitoring_versions",
)


def _tracked(name: str, *columns: sa.Column | sa.Constraint) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("modified_at", TS, nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_modified_at", name, ["modified_at"])


def _ref(table: str, column: str, target: str, nullable: bool = False) -> sa.Column:
    return sa.Column(
        column,
        sa.Uuid(),
        sa.ForeignKey(f"{target}.id", name=f"fk_{table}_{column}_{target}"),
        nullable=nullable,
    )


def _network(table: str) -> sa.Column:
    return _ref(table, "network_id", "housing_networks")


def _s(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length), nullable=nullable)


def upgrade() -> None:
    _tracked(
        "housing_networks",
        _s("name", 120),
        _s("region", 50),
        _s("municipality", 3),
        sa.Column("districts", sa.JSON(), nullable=False),
        sa.Column("producer_organisation_ids", sa.JSON(), nullable=False),
        sa.Column("owner_organisation_id", sa.Uuid(), nullable=False),
        _s("coordinator_worker_id", 40, nullable=True),
        sa.Column("coordinator_organisation_id", sa.Uuid(), nullable=True),
    )
    op.create_index("ix_housing_networks_region", "housing_networks", ["region"])
    _tracked(
        "housing_coordinator_terms",
        _network("housing_coordinator_terms"),
        _s("worker_id", 40),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("from_on", sa.Date(), nullable=False),
        sa.Column("to_on", sa.Date(), nullable=True),
    )
    _tracked(
        "housing_apartments",
        _network("housing_apartments"),
        _s("address", 200),
        _s("postal_code", 5),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        _s("housing_unit_code", 40),
        _s("owner_kind", 30),
        sa.Column("owner_organisation_id", sa.Uuid(), nullable=True),
    )
    _tracked(
        "housing_residencies",
        _network("housing_residencies"),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        _ref("housing_residencies", "apartment_id", "housing_apartments", nullable=True),
        sa.Column("moved_in_on", sa.Date(), nullable=False),
        sa.Column("moved_out_on", sa.Date(), nullable=True),
    )
    op.create_index(
        "ix_housing_residencies_client", "housing_residencies", ["client_id", "moved_in_on"]
    )
    _tracked(
        "housing_partners",
        _network("housing_partners"),
        sa.Column("resource_card_id", sa.Uuid(), nullable=False),
        _s("card_kind", 20),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
    )
    op.create_index(
        "ix_housing_partners_resource_card_id", "housing_partners", ["resource_card_id"]
    )
    _tracked(
        "housing_interactions",
        _network("housing_interactions"),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("other_client_id", sa.Uuid(), nullable=False),
        _s("kind", 30),
        _s("frequency", 10),
        sa.Column("observed_on", sa.Date(), nullable=False),
    )
    _activities()
    _versions()
    for table in NETWORK_INDEXED:
        op.create_index(f"ix_{table}_network_id", table, ["network_id"])


def _activities() -> None:
    _tracked(
        "community_activities",
        _network("community_activities"),
        _s("title", 120),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        _s("recurrence", 60),
        _s("weekday", 2, nullable=True),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("planned_with_client_ids", sa.JSON(), nullable=False),
        _s("responsible_worker_id", 40),
        sa.Column("producer_organisation_id", sa.Uuid(), nullable=False),
        sa.Column("resource_card_ids", sa.JSON(), nullable=False),
        sa.Column("staff_count", sa.Integer(), nullable=False),
        sa.Column("staff_hours_per_session", sa.Float(), nullable=False),
        sa.Column("competence_requirements", sa.JSON(), nullable=False),
        sa.Column("follow_up", sa.JSON(), nullable=False),
        _s("status", 20),
    )
    _tracked(
        "activity_sessions",
        _ref("activity_sessions", "activity_id", "community_activities"),
        _network("activity_sessions"),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("staff_hours", sa.Float(), nullable=False),
    )
    op.create_index("ix_activity_sessions_activity_id", "activity_sessions", ["activity_id"])
    op.create_index("ix_activity_sessions_network_id", "activity_sessions", ["network_id"])
    _tracked(
        "activity_attendance",
        _ref("activity_attendance", "session_id", "activity_sessions"),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        _s("attendee_kind", 20),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("resource_card_id", sa.Uuid(), nullable=True),
        _s("brought_by", 60, nullable=True),
    )
    op.create_index("ix_activity_attendance_session_id", "activity_attendance", ["session_id"])
    op.create_index("ix_activity_attendance_network_id", "activity_attendance", ["network_id"])


def _versions() -> None:
    _tracked(
        "selfmonitoring_versions",
        _network("selfmonitoring_versions"),
        sa.Column("version", sa.Integer(), nullable=False),
        _s("content_hash", 64),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("generated_at", TS, nullable=False),
        sa.Column("generated_by_organisation", sa.Uuid(), nullable=False),
        sa.UniqueConstraint("network_id", "version", name="uq_selfmonitoring_versions_version"),
    )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
