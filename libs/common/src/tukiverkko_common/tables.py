"""Each service's own metadata with one naming convention, and the outbox, inbox and relay-lease
tables defined into it."""

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

_SEQ = BigInteger().with_variant(Integer, "sqlite")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint and index names every service's tables get (a migration can name them in advance)."""


def service_metadata() -> MetaData:
    """Return a fresh metadata for one service's tables, apart from other services in one process."""
    return MetaData(naming_convention=NAMING_CONVENTION)


@dataclass(frozen=True)
class MessagingTables:
    """The three infrastructure tables every service database carries."""

    outbox: Table
    inbox: Table
    lease: Table


def define_messaging_tables(metadata: MetaData) -> MessagingTables:
    """Add the outbox, inbox and lease tables to a service's metadata."""
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", _SEQ, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("headers", JSON, nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True),
        # Publish failures of this row alone; after `outbox_max_attempts` it is parked and
        # its key's later rows wait until an operator releases it (tukiverkko-admin outbox).
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("last_error", Text, nullable=True),
        Column("parked_at", DateTime(timezone=True), nullable=True),
        Index("ix_outbox_unsent", "sent_at", "seq"),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(100), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("partition", Integer, nullable=False),
        Column("offset", BigInteger, nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    )
    lease = Table(
        "relay_lease",
        metadata,
        Column("name", String(100), primary_key=True),
        Column("owner", String(100), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False),
    )
    return MessagingTables(outbox=outbox, inbox=inbox, lease=lease)
