"""Shortfalls name the parts that fell short; follow-up tasks by phase with escalation; the
rent ledger; planned meetings and the visits that held them.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tukiverkko_common.columns import UtcDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tracked() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("modified_at", UtcDateTime(), nullable=False),
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{target}.id", name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    with op.batch_alter_table("shortfalls", schema=None) as batch_op:
        # Shortfalls raised before parts were judged one by one name none.
        batch_op.add_column(
            sa.Column("short_items", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("housing_unit_code", sa.String(length=40), nullable=True))
        batch_op.create_index("ix_clients_housing_unit_code", ["housing_unit_code"])
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phase", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("escalated_at", UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("escalated_to", sa.String(length=128), nullable=True))
        batch_op.create_index("ix_tasks_escalated_to", ["escalated_to"])
    _create_meeting_schedules()
    _create_rent_ledger()
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("schedule_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("scheduled_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            "fk_visits_schedule_id_meeting_schedules", "meeting_schedules", ["schedule_id"], ["id"]
        )
        batch_op.create_unique_constraint(
            "uq_visits_schedule_occurrence", ["schedule_id", "scheduled_on"]
        )


def _create_meeting_schedules() -> None:
    table = "meeting_schedules"
    op.create_table(
        table,
        *_tracked(),
        sa.Column("plan_id", sa.Uuid(), _fk(table, "plan_id", "plans"), nullable=False),
        sa.Column("client_id", sa.Uuid(), _fk(table, "client_id", "clients"), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("local_time", sa.String(length=5), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("worker_id", sa.String(length=128), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    for column in ("plan_id", "client_id", "worker_id", "modified_at"):
        op.create_index(f"ix_meeting_schedules_{column}", "meeting_schedules", [column])


def _create_rent_ledger() -> None:
    table = "rent_ledger_entries"
    op.create_table(
        table,
        *_tracked(),
        sa.Column("client_id", sa.Uuid(), _fk(table, "client_id", "clients"), nullable=False),
        sa.Column("plan_id", sa.Uuid(), _fk(table, "plan_id", "plans"), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("due_eur", sa.Float(), nullable=False),
        sa.Column("paid_eur", sa.Float(), nullable=False),
        sa.Column(
            "observation_id", sa.Uuid(), _fk(table, "observation_id", "observations"), nullable=True
        ),
        sa.Column("task_id", sa.Uuid(), _fk(table, "task_id", "tasks"), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("client_id", "month", name=op.f("uq_rent_ledger_client_month")),
    )
    for column in ("client_id", "modified_at"):
        op.create_index(f"ix_rent_ledger_entries_{column}", "rent_ledger_entries", [column])


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_constraint("uq_visits_schedule_occurrence", type_="unique")
        batch_op.drop_constraint("fk_visits_schedule_id_meeting_schedules", type_="foreignkey")
        batch_op.drop_column("scheduled_on")
        batch_op.drop_column("schedule_id")
    op.drop_table("rent_ledger_entries")
    op.drop_table("meeting_schedules")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_escalated_to")
        batch_op.drop_column("escalated_to")
        batch_op.drop_column("escalated_at")
        batch_op.drop_column("phase")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index("ix_clients_housing_unit_code")
        batch_op.drop_column("housing_unit_code")
    with op.batch_alter_table("shortfalls", schema=None) as batch_op:
        batch_op.drop_column("short_items")
