"""Initial plans tables: clients, plans and their versions, goals, services, phases, visits,
housing follow-up, referrals, realisation bookkeeping, and the outbox/inbox/relay lease.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tukiverkko_common.migrations import create_messaging_tables, drop_messaging_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table(
        "clients",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("personal_identity_code", sa.String(length=11), nullable=False),
        sa.Column("identity_code_hash", sa.String(length=64), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("communication_support", sa.JSON(), nullable=False),
        sa.Column("communication_support_note", sa.Text(), nullable=True),
        sa.Column("municipality", sa.String(length=3), nullable=False),
        sa.Column("district", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=50), nullable=False),
        sa.Column("created_by_org", sa.String(length=64), nullable=True),
        sa.Column("created_by_user", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("identity_code_hash", name=op.f("uq_clients_identity_code_hash")),
    )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clients_district"), ["district"], unique=False)
        batch_op.create_index(batch_op.f("ix_clients_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "realisation_months",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("clients_evaluated", sa.Integer(), nullable=False),
        sa.Column("shortfalls", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_realisation_months")),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("approved_version", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("responsible_worker_id", sa.String(length=128), nullable=False),
        sa.Column("area_coordinator_id", sa.String(length=128), nullable=False),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_plans_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plans_area_coordinator_id"), ["area_coordinator_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plans_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plans_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "agreed_services",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("service_type", sa.String(length=40), nullable=False),
        sa.Column("legal_basis", sa.String(length=40), nullable=False),
        sa.Column("provider_kind", sa.String(length=20), nullable=False),
        sa.Column("provider_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("provider_sector", sa.String(length=20), nullable=True),
        sa.Column("provider_resource_card_id", sa.Uuid(), nullable=True),
        sa.Column("informal_relation", sa.String(length=20), nullable=True),
        sa.Column("informal_description", sa.Text(), nullable=True),
        sa.Column("amount_hours", sa.Float(), nullable=False),
        sa.Column("amount_per", sa.String(length=10), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("goal_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_agreed_services_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_agreed_services_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreed_services")),
    )
    with op.batch_alter_table("agreed_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreed_services_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agreed_services_modified_at"), ["modified_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_agreed_services_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_agreed_services_provider_organisation_id"),
            ["provider_organisation_id"],
            unique=False,
        )

    op.create_table(
        "goals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("life_area", sa.String(length=30), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("expressed_by", sa.String(length=30), nullable=False),
        sa.Column("target", sa.Text(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("trend", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_goals_client_id_clients")
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_goals_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goals_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_goals_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_goals_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "observations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("rent_status", sa.String(length=20), nullable=True),
        sa.Column("amount_overdue_eur", sa.Float(), nullable=True),
        sa.Column("severity", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by_user", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_observations_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_observations_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
    )
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_observations_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_observations_modified_at"), ["modified_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_observations_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "phases",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("phase", sa.String(length=30), nullable=False),
        sa.Column("previous_phase", sa.String(length=30), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("reason_code", sa.String(length=30), nullable=False),
        sa.Column("reason_note", sa.Text(), nullable=True),
        sa.Column("planned_minutes_per_month", sa.Integer(), nullable=False),
        sa.Column("recorded_by_user", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_phases_client_id_clients")
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_phases_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phases")),
    )
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phases_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_phases_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_phases_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_phases_started_on"), ["started_on"], unique=False)

    op.create_table(
        "plan_history",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("actor_org", sa.String(length=64), nullable=True),
        sa.Column("actor_user", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_plan_history_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_history_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_history")),
    )
    with op.batch_alter_table("plan_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_history_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_plan_history_modified_at"), ["modified_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plan_history_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("changed_fields", sa.JSON(), nullable=False),
        sa.Column("created_by_org", sa.String(length=64), nullable=True),
        sa.Column("created_by_user", sa.String(length=128), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approved_by_user", sa.String(length=128), nullable=True),
        sa.Column("approved_by_org", sa.String(length=64), nullable=True),
        sa.Column("approved_snapshot", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_plan_versions_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_versions_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("plan_id", "version", name="uq_plan_versions_plan_version"),
    )
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_versions_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_plan_versions_modified_at"), ["modified_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plan_versions_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "referrals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("service_type", sa.String(length=40), nullable=False),
        sa.Column("goal_ids", sa.JSON(), nullable=False),
        sa.Column("needed_from", sa.Date(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decline_reason", sa.String(length=30), nullable=True),
        sa.Column("answer_note", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_referrals_client_id_clients")
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_referrals_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrals_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(
            "ix_referrals_org_status", ["organisation_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referrals_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "shortfalls",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=False),
        sa.Column("delivered_minutes", sa.Integer(), nullable=False),
        sa.Column("ratio", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("area_coordinator_id", sa.String(length=128), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_shortfalls_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_shortfalls_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shortfalls")),
        sa.UniqueConstraint("client_id", "month", name="uq_shortfalls_client_month"),
    )
    with op.batch_alter_table("shortfalls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shortfalls_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_shortfalls_modified_at"), ["modified_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_shortfalls_month"), ["month"], unique=False)

    op.create_table(
        "progress_notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("trend", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("written_by_user", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_progress_notes_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_progress_notes_goal_id_goals")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_progress_notes_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_notes")),
    )
    with op.batch_alter_table("progress_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_notes_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_progress_notes_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_progress_notes_modified_at"), ["modified_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_progress_notes_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "tasks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("observation_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_to", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_tasks_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observations.id"],
            name=op.f("fk_tasks_observation_id_observations"),
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_tasks_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index("ix_tasks_status_due", ["status", "due_at"], unique=False)

    op.create_table(
        "visits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.String(length=128), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("goal_ids", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by_org", sa.String(length=64), nullable=True),
        sa.Column("recorded_by_user", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_visits_client_id_clients")
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_visits_plan_id_plans")),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["agreed_services.id"],
            name=op.f("fk_visits_service_id_agreed_services"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visits_client_occurred", ["client_id", "occurred_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visits_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index("ix_visits_occurred_plan", ["occurred_at", "plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_plan_id"))
        batch_op.drop_index("ix_visits_occurred_plan")
        batch_op.drop_index(batch_op.f("ix_visits_modified_at"))
        batch_op.drop_index("ix_visits_client_occurred")

    op.drop_table("visits")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_status_due")
        batch_op.drop_index(batch_op.f("ix_tasks_plan_id"))
        batch_op.drop_index(batch_op.f("ix_tasks_modified_at"))
        batch_op.drop_index(batch_op.f("ix_tasks_client_id"))

    op.drop_table("tasks")
    with op.batch_alter_table("progress_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_notes_plan_id"))
        batch_op.drop_index(batch_op.f("ix_progress_notes_modified_at"))
        batch_op.drop_index(batch_op.f("ix_progress_notes_goal_id"))
        batch_op.drop_index(batch_op.f("ix_progress_notes_client_id"))

    op.drop_table("progress_notes")
    with op.batch_alter_table("shortfalls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shortfalls_month"))
        batch_op.drop_index(batch_op.f("ix_shortfalls_modified_at"))
        batch_op.drop_index(batch_op.f("ix_shortfalls_client_id"))

    op.drop_table("shortfalls")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_plan_id"))
        batch_op.drop_index("ix_referrals_org_status")
        batch_op.drop_index(batch_op.f("ix_referrals_modified_at"))
        batch_op.drop_index(batch_op.f("ix_referrals_client_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_versions_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_versions_modified_at"))
        batch_op.drop_index(batch_op.f("ix_plan_versions_client_id"))

    op.drop_table("plan_versions")
    with op.batch_alter_table("plan_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_history_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_history_modified_at"))
        batch_op.drop_index(batch_op.f("ix_plan_history_client_id"))

    op.drop_table("plan_history")
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phases_started_on"))
        batch_op.drop_index(batch_op.f("ix_phases_plan_id"))
        batch_op.drop_index(batch_op.f("ix_phases_modified_at"))
        batch_op.drop_index(batch_op.f("ix_phases_client_id"))

    op.drop_table("phases")
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observations_plan_id"))
        batch_op.drop_index(batch_op.f("ix_observations_modified_at"))
        batch_op.drop_index(batch_op.f("ix_observations_client_id"))

    op.drop_table("observations")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goals_plan_id"))
        batch_op.drop_index(batch_op.f("ix_goals_modified_at"))
        batch_op.drop_index(batch_op.f("ix_goals_client_id"))

    op.drop_table("goals")
    with op.batch_alter_table("agreed_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreed_services_provider_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_agreed_services_plan_id"))
        batch_op.drop_index(batch_op.f("ix_agreed_services_modified_at"))
        batch_op.drop_index(batch_op.f("ix_agreed_services_client_id"))

    op.drop_table("agreed_services")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_modified_at"))
        batch_op.drop_index(batch_op.f("ix_plans_client_id"))
        batch_op.drop_index(batch_op.f("ix_plans_area_coordinator_id"))

    op.drop_table("plans")
    op.drop_table("realisation_months")
    drop_messaging_tables()
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clients_modified_at"))
        batch_op.drop_index(batch_op.f("ix_clients_district"))

    op.drop_table("clients")
