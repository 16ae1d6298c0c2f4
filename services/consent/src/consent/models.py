"""Tables of the consent service: subjects, consents and their grants, access and disclosure logs."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import JSON, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from tukiverkko_common.clock import utcnow
from tukiverkko_common.ids import new_id
from tukiverkko_common.tables import define_messaging_tables, service_metadata


class ConsentTable(SQLModel, registry=registry(metadata=service_metadata())):
    """Base of this service's tables: its own metadata, apart from other services in one process."""


metadata = ConsentTable.metadata
messaging = define_messaging_tables(metadata)

GENESIS_HASH = "0" * 64
"""prev_hash of the first log entry of a client."""


class Subject(ConsentTable, table=True):
    """Someone consents can be about: a client (from plans) or a registered person."""

    __tablename__ = "subjects"
    __table_args__ = (Index("ix_subjects_area", "region", "municipality"),)

    id: UUID = Field(default_factory=new_id, primary_key=True)
    kind: str = Field(sa_type=String(40))
    origin: str = Field(sa_type=String(20))
    """`plans` (learnt from a ClientRegistered event) or `api`."""
    registered_at: datetime = Field(default_factory=utcnow)
    registered_by_organisation: UUID | None = None
    registered_by_user: str | None = Field(default=None, sa_type=String(200))
    region: str | None = Field(default=None, sa_type=String(50))
    """The client's wellbeing region as plans announced it (scopes the gateway's lists)."""
    municipality: str | None = Field(default=None, sa_type=String(50))
    """The client's home municipality code as plans announced it."""


class Consent(ConsentTable, table=True):
    """One consent record (ISO/IEC TS 27560, Kantara receipt and FHIR Consent in spirit)."""

    __tablename__ = "consents"
    __table_args__ = (
        Index("ix_consents_subject", "subject_id", "status"),
        Index("ix_consents_due", "status", "valid_until"),
        Index("ix_consents_modified", "modified_at", "id"),
    )

    id: UUID = Field(default_factory=new_id, primary_key=True)
    subject_id: UUID = Field(foreign_key="subjects.id")
    subject_kind: str = Field(sa_type=String(40))
    purpose: str = Field(sa_type=String(60))
    data_categories: list[str] = Field(sa_type=JSON)
    recipients: list[str] = Field(sa_type=JSON)
    given_by_role: str = Field(sa_type=String(40))
    representation_basis: str | None = Field(default=None, sa_type=String(60))
    representation_reference: str | None = Field(default=None, sa_type=String(200))
    representative_id: str | None = Field(default=None, sa_type=String(200))
    collection_method: str = Field(sa_type=String(20))
    notice_version: str = Field(sa_type=String(100))
    notice_language: str = Field(sa_type=String(5))
    valid_from: datetime
    valid_until: datetime | None = None
    status: str = Field(default="active", sa_type=String(20))
    recorded_at: datetime = Field(default_factory=utcnow)
    recorded_by_organisation: UUID
    recorded_by_user: str | None = Field(default=None, sa_type=String(200))
    modified_at: datetime = Field(default_factory=utcnow)
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = Field(default=None, sa_type=Text)
    withdrawn_by_organisation: UUID | None = None
    withdrawn_by_user: str | None = Field(default=None, sa_type=String(200))
    expired_at: datetime | None = None


class ConsentGrant(ConsentTable, table=True):
    """One (category, recipient) pair a consent covers: the row a decision looks up by index."""

    __tablename__ = "consent_grants"
    __table_args__ = (
        Index("ix_consent_grants_lookup", "subject_id", "purpose", "data_category", "recipient"),
    )

    consent_id: UUID = Field(foreign_key="consents.id", primary_key=True)
    data_category: str = Field(primary_key=True, sa_type=String(60))
    recipient: str = Field(primary_key=True, sa_type=String(36))
    subject_id: UUID
    purpose: str = Field(sa_type=String(60))


class ConsentRevision(ConsentTable, table=True):
    """The scope a consent had before a change narrowed it (statutory records are kept)."""

    __tablename__ = "consent_revisions"
    __table_args__ = (Index("ix_consent_revisions_consent", "consent_id", "changed_at"),)

    id: UUID = Field(default_factory=new_id, primary_key=True)
    consent_id: UUID = Field(foreign_key="consents.id")
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by_organisation: UUID
    changed_by_user: str | None = Field(default=None, sa_type=String(200))
    previous_data_categories: list[str] = Field(sa_type=JSON)
    previous_recipients: list[str] = Field(sa_type=JSON)
    previous_valid_until: datetime | None = None


class AuditEntry(ConsentTable):
    """Fields shared by the access log and the disclosure log."""

    id: UUID = Field(default_factory=new_id, primary_key=True)
    event_id: str = Field(sa_type=String(100), unique=True)
    client_id: UUID
    position: int
    """1, 2, 3, ... per client in this log."""
    occurred_at: datetime
    recorded_at: datetime
    user_id: str | None = Field(default=None, sa_type=String(200))
    organisation_id: UUID
    data_category: str = Field(sa_type=String(60))
    action: str = Field(sa_type=String(20))
    purpose: str = Field(sa_type=String(100))
    legal_basis: str | None = Field(default=None, sa_type=String(200))
    request_id: str = Field(sa_type=String(100))
    prev_hash: str = Field(sa_type=String(64))
    entry_hash: str = Field(sa_type=String(64))


class AccessLogEntry(AuditEntry, table=True):
    """Käyttöloki: someone used a client's data."""

    __tablename__ = "access_log"
    __table_args__ = (
        UniqueConstraint("client_id", "position"),
        Index("ix_access_log_client_time", "client_id", "occurred_at"),
    )


class DisclosureLogEntry(AuditEntry, table=True):
    """Luovutusloki: a client's data was disclosed to another organisation."""

    __tablename__ = "disclosure_log"
    __table_args__ = (
        UniqueConstraint("client_id", "position"),
        Index("ix_disclosure_log_client_time", "client_id", "occurred_at"),
    )

    recipient_organisation_id: UUID
    consent_ids: list[str] = Field(default_factory=list, sa_type=JSON)


# SQLModel's metaclass sets __table__ without declaring it to type checkers.
consents: Table = Consent.__table__  # type: ignore[attr-defined]
grants: Table = ConsentGrant.__table__  # type: ignore[attr-defined]
subjects: Table = Subject.__table__  # type: ignore[attr-defined]
AUDIT_LOGS: dict[str, type[AuditEntry]] = {
    "access": AccessLogEntry,
    "disclosure": DisclosureLogEntry,
}
"""The two logs by the name the verify endpoint reports."""
