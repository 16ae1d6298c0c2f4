"""Alembic glue: every service's migrations/env.py calls `run_env`, the runtime calls `upgrade`."""

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, context
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


def upgrade(script_location: Path, url: str, revision: str = "heads") -> None:
    """Apply migrations up to `revision` (blocking; run it in a thread from async code).

    Every head by default: revisions written side by side (say, one adding outbox columns
    and one adding a domain column, both after 0001) touch different tables and all apply.
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


def add_outbox_parking(op: Any) -> None:
    """Revision body: the outbox columns that let the relay park a row it cannot publish.

    Idempotent, because a database created from the current table definitions already
    has them; `op` is the revision's `alembic.op`.
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


def drop_outbox_parking(op: Any) -> None:
    """Revision downgrade: remove the parking columns again."""
    with op.batch_alter_table("outbox") as batch:
        for name in ("parked_at", "last_error", "attempts"):
            batch.drop_column(name)
