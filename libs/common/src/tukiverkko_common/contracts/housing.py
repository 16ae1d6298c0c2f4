"""Housing-network events. Produced by: network service. Keyed by the housing network.

A housing network (asuntoverkosto) is an organisation's object, so its events are keyed by
the network id: a network's coordinator changes and memberships stay in order for every
consumer (the plans service follows residents and coordinators from them). Payloads carry
ids, codes, dates and counts; never names, addresses, identity codes or free text. Workers
are opaque ids in the plans contracts' WORKER_ID_PATTERN format.
"""

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from tukiverkko_common.events import EventData, contract

TOPIC = "tukiverkko.housing"
TOPIC_DESCRIPTION = (
    "Housing networks: networks, coordinators, residents, partners, activities, sessions"
)


class _HousingEvent(EventData):
    topic: ClassVar[str] = TOPIC

    network_id: UUID


@contract
class HousingNetworkCreated(_HousingEvent):
    """A housing network was set up in a wellbeing region."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.network_created.v1"
    region: str
    municipality: str
    districts: list[str] = Field(default_factory=list)
    producer_organisation_ids: list[UUID] = Field(default_factory=list)
    owner_organisation_id: UUID
    created_at: datetime


@contract
class HousingNetworkChanged(_HousingEvent):
    """A network's area or producers changed (the name is not published)."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.network_changed.v1"
    region: str
    municipality: str
    districts: list[str] = Field(default_factory=list)
    producer_organisation_ids: list[UUID] = Field(default_factory=list)
    changed_fields: list[str]
    changed_at: datetime


@contract
class CoordinatorAssigned(_HousingEvent):
    """An area coordinator (asuinaluekoordinaattori) holds the role from `from_on`.

    The previous holder's term ends the day before (`previous_worker_id`, when there was one).
    """

    event_type: ClassVar[str] = "fi.tukiverkko.housing.coordinator_assigned.v1"
    assignment_id: UUID
    worker_id: str
    organisation_id: UUID
    from_on: date
    to_on: date | None = None
    previous_worker_id: str | None = None


@contract
class ResidentMovedIn(_HousingEvent):
    """A client (of the plans service, by id) lives in the network from `moved_in_on`."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.resident_moved_in.v1"
    residency_id: UUID
    client_id: UUID
    apartment_id: UUID | None = None
    moved_in_on: date
    moved_out_on: date | None = None


@contract
class ResidentMovedOut(_HousingEvent):
    """A resident's residency ends on `moved_out_on` (the last day lived there)."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.resident_moved_out.v1"
    residency_id: UUID
    client_id: UUID
    moved_in_on: date
    moved_out_on: date


@contract
class PartnerJoined(_HousingEvent):
    """A resource card (an organisation or a citizen) takes part in the network."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.partner_joined.v1"
    partner_id: UUID
    resource_card_id: UUID
    card_kind: str
    """organisation or citizen."""
    joined_on: date


@contract
class PartnerLeft(_HousingEvent):
    """A partner stopped taking part."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.partner_left.v1"
    partner_id: UUID
    resource_card_id: UUID
    left_on: date


@contract
class ActivityPlanned(_HousingEvent):
    """A community activity was planned (content and goal stay in the service)."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.activity_planned.v1"
    activity_id: UUID
    producer_organisation_id: UUID
    recurrence: str
    """An RRULE-like code, e.g. FREQ=WEEKLY;BYDAY=TU."""
    planned_with_residents: int
    """How many residents took part in planning."""
    staff_hours_per_session: float
    starts_on: date


@contract
class ActivityChanged(_HousingEvent):
    """An activity's schedule, producer, resources or status changed."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.activity_changed.v1"
    activity_id: UUID
    changed_fields: list[str]
    status: str


@contract
class SessionHeld(_HousingEvent):
    """One session of an activity took place."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.session_held.v1"
    activity_id: UUID
    session_id: UUID
    held_on: date
    staff_hours: float


@contract
class AttendanceRecorded(_HousingEvent):
    """A session's attendance: counts, and residents by client id only."""

    event_type: ClassVar[str] = "fi.tukiverkko.housing.attendance_recorded.v1"
    activity_id: UUID
    session_id: UUID
    residents: int
    partners: int
    volunteers: int
    resident_client_ids: list[UUID] = Field(default_factory=list)
    brought_by_pairs: int = 0
    """How many attendees came because another attendee brought them."""
