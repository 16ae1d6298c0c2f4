"""Initial consent schema: subjects, consents, grants, revisions, audit logs, outbox, inbox, relay lease.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tukiverkko_common.migrations import create_messaging_tables, drop_messaging_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)
AUDIT_LOGS = ("access_log", "disclosure_log")


def upgrade() -> None:
    create_messaging_tables()
    _consent_tables()
    for name in AUDIT_LOGS:
        _audit_table(name)
    _append_only_triggers()


def _consent_tables() -> None:
    op.create_table(
        "subjects",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("registered_at", TS, nullable=False),
        sa.Column("registered_by_organisation", sa.Uuid(), nullable=True),
        sa.Column("registered_by_user", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_subjects"),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(60), nullable=False),
        sa.Column("data_categories", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("given_by_role", sa.String(40), nullable=False),
        sa.Column("representation_basis", sa.String(60), nullable=True),
        sa.Column("representation_reference", sa.String(200), nullable=True),
        sa.Column("representative_id", sa.String(200), nullable=True),
        sa.Column("collection_method", sa.String(20), nullable=False),
        sa.Column("notice_version", sa.String(100), nullable=False),
        sa.Column("notice_language", sa.String(5), nullable=False),
        sa.Column("valid_from", TS, nullable=False),
        sa.Column("valid_until", TS, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("recorded_by_organisation", sa.Uuid(), nullable=False),
        sa.Column("recorded_by_user", sa.String(200), nullable=True),
        sa.Column("modified_at", TS, nullable=False),
        sa.Column("withdrawn_at", TS, nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=True),
        sa.Column("withdrawn_by_organisation", sa.Uuid(), nullable=True),
        sa.Column("withdrawn_by_user", sa.String(200), nullable=True),
        sa.Column("expired_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name="fk_consents_subject_id_subjects"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
    )
    op.create_index("ix_consents_due", "consents", ["status", "valid_until"])
    op.create_index("ix_consents_modified", "consents", ["modified_at", "id"])
    op.create_index("ix_consents_subject", "consents", ["subject_id", "status"])
    op.create_table(
        "consent_grants",
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("data_category", sa.String(60), nullable=False),
        sa.Column("recipient", sa.String(36), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(60), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consents.id"], name="fk_consent_grants_consent_id_consents"
        ),
        sa.PrimaryKeyConstraint(
            "consent_id", "data_category", "recipient", name="pk_consent_grants"
        ),
    )
    op.create_index(
        "ix_consent_grants_lookup",
        "consent_grants",
        ["subject_id", "purpose", "data_category", "recipient"],
    )
    op.create_table(
        "consent_revisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("changed_at", TS, nullable=False),
        sa.Column("changed_by_organisation", sa.Uuid(), nullable=False),
        sa.Column("changed_by_user", sa.String(200), nullable=True),
        sa.Column("previous_data_categories", sa.JSON(), nullable=False),
        sa.Column("previous_recipients", sa.JSON(), nullable=False),
        sa.Column("previous_valid_until", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consents.id"], name="fk_consent_revisions_consent_id_consents"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_consent_revisions"),
    )
    op.create_index(
        "ix_consent_revisions_consent", "consent_revisions", ["consent_id", "changed_at"]
    )


def _audit_table(name: str) -> None:
    extra = (
        [
            sa.Column("recipient_organisation_id", sa.Uuid(), nullable=False),
            sa.Column("consent_ids", sa.JSON(), nullable=False),
        ]
        if name == "disclosure_log"
        else []
    )
    op.create_table(
        name,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.String(100), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("occurred_at", TS, nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("user_id", sa.String(200), nullable=True),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("data_category", sa.String(60), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("purpose", sa.String(100), nullable=False),
        sa.Column("legal_basis", sa.String(200), nullable=True),
        sa.Column("request_id", sa.String(100), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        *extra,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        sa.UniqueConstraint("client_id", "position", name=f"uq_{name}_client_id_position"),
        sa.UniqueConstraint("event_id", name=f"uq_{name}_event_id"),
    )
    op.create_index(f"ix_{name}_client_time", name, ["client_id", "occurred_at"])


def _append_only_triggers() -> None:
    # The logs are evidence: the database itself refuses to change or delete an entry.
    # Someone who can drop these triggers can still tamper; the hash chain then shows it.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION consent_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit logs are append-only (% on %)', TG_OP, TG_TABLE_NAME; END $$"
        )
        for name in AUDIT_LOGS:
            op.execute(
                f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
                "FOR EACH ROW EXECUTE FUNCTION consent_audit_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
                "FOR EACH STATEMENT EXECUTE FUNCTION consent_audit_append_only()"
            )
        return
    for name in AUDIT_LOGS:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {name}_no_{action.lower()} BEFORE {action} ON {name} "
                "BEGIN SELECT RAISE(ABORT, 'audit logs are append-only'); END"
            )


def downgrade() -> None:
    for name in (*AUDIT_LOGS, "consent_revisions", "consent_grants", "consents", "subjects"):
        op.drop_table(name)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION consent_audit_append_only()")
    drop_messaging_tables()
