"""Alembic glue: every service's migrations/env.py calls `run_env`, the runtime calls `upgrade`,
and every initial migration creates the messaging tables with `create_messaging_tables`."""

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from tukiverkko_common.db import create_engine


def alembic_config(script_location: Path, url: str) -> Config:
    """Return an Alembic config for a service's migrations folder and database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.attributes["configure_logging"] = False
    return cfg


def upgrade(script_location: Path, url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision` (blocking; run it in a thread from async code).

    Each deployable keeps one linear history (the layout test refuses a second head), so a
    database's revision says exactly which changes it has.
    """
    command.upgrade(alembic_config(script_location, url), revision)


def run_env(metadata: MetaData) -> None:
    """Body of a service's env.py: run migrations online against the async engine."""
    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(
            url=url, target_metadata=metadata, literal_binds=True, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    if url is None:  # alembic_config always sets it
        raise RuntimeError("the Alembic config names no sqlalchemy.url")

    def _run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()

    async def _main() -> None:
        engine = create_engine(url)
        async with engine.connect() as conn:
            await conn.run_sync(_run)
            await conn.commit()
        await engine.dispose()

    asyncio.run(_main())


def create_messaging_tables(*, named_constraints: bool = True) -> None:
    """Create the outbox, inbox and relay-lease tables inside a service's initial migration.

    The columns match `tables.define_messaging_tables`. Services name their constraints by
    `tables.NAMING_CONVENTION`; `named_constraints=False` leaves naming to the database, as the
    gateway's first migration did (its existing databases carry those names).
    """

    def name(kind: str, table: str, column: str = "") -> str | None:
        return f"{kind}_{table}{'_' + column if column else ''}" if named_constraints else None

    op.create_table(
        "outbox",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=name("pk", "outbox")),
        sa.UniqueConstraint("event_id", name=name("uq", "outbox", "event_id")),
    )
    op.create_index("ix_outbox_unsent", "outbox", ["sent_at", "seq"])
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(100), nullable=False),
        sa.Column("event_id", sa.String(100), nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=name("pk", "inbox")),
    )
    op.create_table(
        "relay_lease",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=name("pk", "relay_lease")),
    )


def drop_messaging_tables() -> None:
    """Drop what `create_messaging_tables` created (a service's initial downgrade)."""
    op.drop_table("relay_lease")
    op.drop_index("ix_outbox_unsent", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")


def add_outbox_parking() -> None:
    """Revision body: the outbox columns that let the relay park a row it cannot publish.

    Idempotent, because a database created from the current table definitions already
    has them.
    """
    existing = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("outbox")}
    columns: list[sa.Column[Any]] = [
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("parked_at", sa.DateTime(timezone=True), nullable=True),
    ]
    with op.batch_alter_table("outbox") as batch:
        for column in columns:
            if column.name not in existing:
                batch.add_column(column)


def drop_outbox_parking() -> None:
    """Revision downgrade: remove the parking columns again."""
    with op.batch_alter_table("outbox") as batch:
        for name in ("parked_at", "last_error", "attempts"):
            batch.drop_column(name)
