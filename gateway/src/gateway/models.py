"""The gateway's own tables: organisations, API clients, the dashboard stream, webhooks.

The gateway uses a private MetaData (not SQLModel's global one) so that it can share a
process with the services in tests and tools without table-name clashes.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from tukiverkko_common.tables import define_messaging_tables

metadata = MetaData()
messaging = define_messaging_tables(metadata)
_SEQ = BigInteger().with_variant(Integer, "sqlite")

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", String(40), nullable=False),
    Column("scopes", JSON, nullable=False),
    Column("sector", String(40), nullable=False),
    Column("business_id", String(9), nullable=True),
    Column("region", String(50), nullable=True),
    Column("municipality", String(3), nullable=True),
    Column("xroad_client", String(300), nullable=True, unique=True),
    Column("oidc_organisation", String(200), nullable=True, unique=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_clients = Table(
    "api_clients",
    metadata,
    Column("client_id", String(64), primary_key=True),
    Column(
        "organisation_id", String(36), ForeignKey("organisations.id"), nullable=False, index=True
    ),
    Column("secret_hash", String(200), nullable=False),
    Column("scopes", JSON, nullable=False),
    Column("description", String(200), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

stream_records = Table(
    "stream_records",
    metadata,
    Column("seq", _SEQ, primary_key=True, autoincrement=True),
    Column("event_id", String(100), nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("stream", String(40), nullable=False),
    Column("subject", String(64), nullable=False),
    Column("municipality", String(100), nullable=True),
    Column("district", String(100), nullable=True),
    Column("region", String(50), nullable=True),
    Column("attributes", JSON, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_stream_records_stream_seq", "stream", "seq"),
    Index("ix_stream_records_region_seq", "region", "seq"),
)

subject_areas = Table(
    "subject_areas",
    metadata,
    Column("subject", String(64), primary_key=True),
    Column("municipality", String(100), nullable=True),
    Column("district", String(100), nullable=True),
    Column("region", String(50), nullable=True),
)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column(
        "organisation_id", String(36), ForeignKey("organisations.id"), nullable=False, index=True
    ),
    Column("url", String(2000), nullable=False),
    Column("event_types", JSON, nullable=False),
    Column("description", String(200), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("subscription_id", String(36), ForeignKey("webhook_subscriptions.id"), nullable=False),
    Column("message_id", String(100), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("lease_until", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("subscription_id", "message_id", name="uq_webhook_delivery_message"),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    Index("ix_webhook_deliveries_subscription", "subscription_id", "created_at"),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", _SEQ, primary_key=True, autoincrement=True),
    Column(
        "delivery_id", String(36), ForeignKey("webhook_deliveries.id"), nullable=False, index=True
    ),
    Column("attempt", Integer, nullable=False),
    Column("attempted_at", DateTime(timezone=True), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("error", String(200), nullable=True),
    Column("duration_ms", Float, nullable=False),
)

# Limits every gateway replica shares (limits.py): a caller's allowance and an address's
# failed logins count once, whichever replica a request reaches. Keys are keyed hashes:
# no client id or network address is stored.
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("key", String(64), primary_key=True),
    # GCRA's theoretical arrival time (epoch seconds): the bucket is full again from then.
    Column("tat", Float, nullable=False),
    # Whether the last request was let through (what the upsert answers).
    Column("allowed", Boolean, nullable=False),
    Index("ix_rate_limits_tat", "tat"),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    # When the window of counted failures, or the lock, ends (epoch seconds).
    Column("until", Float, nullable=False),
    Index("ix_login_failures_until", "until"),
)
