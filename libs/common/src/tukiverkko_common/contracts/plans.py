"""Client-plan events. Produced by: plans service. Keyed by the client.

Payloads carry ids, codes, dates and amounts; never names, identity codes or free text.
"""

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from tukiverkko_common.events import EventData, contract

TOPIC = "tukiverkko.plans"


class _PlansEvent(EventData):
    topic: ClassVar[str] = TOPIC

    client_id: UUID


@contract
class ClientRegistered(_PlansEvent):
    """A new client exists (other services learn the id; no identifying data)."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.client_registered.v1"
    municipality: str
    district: str | None = None
    registered_at: datetime


@contract
class ServiceAgreed(_PlansEvent):
    """A service was agreed in a plan (or its terms changed)."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.service_agreed.v1"
    plan_id: UUID
    service_id: UUID
    service_type: str
    provider_organisation_id: UUID | None = None
    hours_per_month: float | None = None
    valid_from: date
    valid_until: date | None = None


@contract
class ReferralSent(_PlansEvent):
    """A support request went from a plan to a provider or partner organisation."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.referral_sent.v1"
    plan_id: UUID
    referral_id: UUID
    organisation_id: UUID
    service_type: str
    sent_at: datetime


@contract
class ReferralAnswered(_PlansEvent):
    """The receiving organisation accepted, declined or reported a referral delivered."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.referral_answered.v1"
    plan_id: UUID
    referral_id: UUID
    organisation_id: UUID
    status: str
    decline_reason: str | None = None
    answered_at: datetime


@contract
class RealisationShortfallDetected(_PlansEvent):
    """Delivered support fell below the threshold of planned support for a client-month."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.realisation_shortfall_detected.v1"
    plan_id: UUID
    month: str
    """Calendar month in Europe/Helsinki, YYYY-MM."""
    planned_minutes: int
    delivered_minutes: int
    ratio: float
    threshold: float
    area_coordinator_id: str | None = None
    district: str | None = None
