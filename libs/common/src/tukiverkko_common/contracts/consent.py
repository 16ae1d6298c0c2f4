"""Consent events. Produced by: consent service. Keyed by the consent's subject."""

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from tukiverkko_common.events import EventData, contract

TOPIC = "tukiverkko.consent"
TOPIC_DESCRIPTION = "Consent records: granted, changed, withdrawn, expired"


class _ConsentEvent(EventData):
    topic: ClassVar[str] = TOPIC

    consent_id: UUID
    subject_id: UUID
    subject_kind: str
    purpose: str
    data_categories: list[str]
    recipients: list[str]
    """Organisation ids, or "team" for the person's own support team."""
    valid_from: datetime
    valid_until: datetime | None = None


@contract
class ConsentGranted(_ConsentEvent):
    """A consent was recorded and is in force from `valid_from`."""

    event_type: ClassVar[str] = "fi.tukiverkko.consent.granted.v1"
    given_by_role: str
    """`subject`, `guardian` or `legal_representative`."""
    representation_basis: str | None = None
    """Why a guardian or legal representative may act for the subject (e.g. `parental_custody`); None for the subject."""


@contract
class ConsentChanged(_ConsentEvent):
    """A consent's scope or validity changed (still active)."""

    event_type: ClassVar[str] = "fi.tukiverkko.consent.changed.v1"


@contract
class ConsentWithdrawn(_ConsentEvent):
    """The subject (or their representative) withdrew the consent; effective at `withdrawn_at`."""

    event_type: ClassVar[str] = "fi.tukiverkko.consent.withdrawn.v1"
    withdrawn_at: datetime


@contract
class ConsentExpired(_ConsentEvent):
    """The consent's validity period ended without anyone acting."""

    event_type: ClassVar[str] = "fi.tukiverkko.consent.expired.v1"
    expired_at: datetime
