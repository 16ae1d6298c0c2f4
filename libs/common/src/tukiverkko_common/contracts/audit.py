"""Audit events the gateway publishes and the consent service stores in its logs.

Produced by: gateway. Keyed by the client whose data was used.
"""

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from tukiverkko_common.events import EventData, contract

TOPIC = "tukiverkko.audit"
TOPIC_DESCRIPTION = "Access-log and disclosure-log entries recorded by the gateway"


class _AuditEntry(EventData):
    topic: ClassVar[str] = TOPIC

    occurred_at: datetime
    client_id: UUID
    user_id: str | None = None
    """Pseudonymous user identifier from the caller's token or X-Road-UserId."""
    organisation_id: UUID
    """AccessLogged: the organisation that used the data. DataDisclosed: the organisation that disclosed
    it (the one that registered the client, else the client's wellbeing region)."""
    data_category: str
    action: Literal["read", "list", "create", "update", "delete", "export"]
    purpose: str
    legal_basis: str | None = None
    request_id: str


@contract
class AccessLogged(_AuditEntry):
    """Someone used a client's data (käyttöloki entry)."""

    event_type: ClassVar[str] = "fi.tukiverkko.audit.access_logged.v1"


@contract
class DataDisclosed(_AuditEntry):
    """A client's data was disclosed to another organisation (luovutusloki entry)."""

    event_type: ClassVar[str] = "fi.tukiverkko.audit.data_disclosed.v1"
    recipient_organisation_id: UUID
    """The organisation that received the data (the caller)."""
    consent_ids: list[UUID] = []  # noqa: RUF012 - a pydantic field; pydantic copies defaults
    """The consents the disclosure rests on (legal_basis "consent")."""
