"""Tables of the housing networks (asuntoverkosto): apartments, residents, coordinator, community life.

A housing network is an organisation's object: it belongs to the wellbeing region where it is
(`region`), the organisation that set it up (`owner_organisation_id`) and the producers taking
part. Residents are the plans service's clients, by id only. Imported by `models.py`, so the
tables join the service's metadata.
"""

from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlmodel import Field

from network.models import Tracked
from tukiverkko_common.columns import UtcDateTime


def _ids() -> Any:
    """Return a JSON list of ids (as strings)."""
    return Field(default_factory=list, sa_type=JSON, nullable=False)


class HousingNetwork(Tracked, table=True):
    """Scattered ordinary apartments in one neighbourhood, with one area coordinator."""

    __tablename__ = "housing_networks"

    name: str = Field(sa_type=String(120))
    region: str = Field(sa_type=String(50), index=True)
    municipality: str = Field(sa_type=String(3))
    districts: list[str] = _ids()
    producer_organisation_ids: list[str] = _ids()
    owner_organisation_id: UUID
    coordinator_worker_id: str | None = Field(default=None, sa_type=String(40))
    coordinator_organisation_id: UUID | None = None


class CoordinatorTerm(Tracked, table=True):
    """Who held the network's area coordinator role, from when to when."""

    __tablename__ = "housing_coordinator_terms"

    network_id: UUID = Field(foreign_key="housing_networks.id", index=True)
    worker_id: str = Field(sa_type=String(40))
    organisation_id: UUID
    from_on: date
    to_on: date | None = None


class Apartment(Tracked, table=True):
    """An ordinary apartment of the network: where it is and who owns or lets it."""

    __tablename__ = "housing_apartments"

    network_id: UUID = Field(foreign_key="housing_networks.id", index=True)
    address: str = Field(sa_type=String(200))
    postal_code: str = Field(sa_type=String(5))
    latitude: float
    longitude: float
    housing_unit_code: str = Field(sa_type=String(40))
    owner_kind: str = Field(sa_type=String(30))
    owner_organisation_id: UUID | None = None


class Residency(Tracked, table=True):
    """A client living in the network (one network at a time), from move-in to move-out."""

    __tablename__ = "housing_residencies"
    __table_args__ = (Index("ix_housing_residencies_client", "client_id", "moved_in_on"),)

    network_id: UUID = Field(foreign_key="housing_networks.id", index=True)
    client_id: UUID
    apartment_id: UUID | None = Field(default=None, foreign_key="housing_apartments.id")
    moved_in_on: date
    moved_out_on: date | None = None


class Partner(Tracked, table=True):
    """A resource card (an organisation or a citizen) taking part in the network."""

    __tablename__ = "housing_partners"

    network_id: UUID = Field(foreign_key="housing_networks.id", index=True)
    resource_card_id: UUID = Field(index=True)
    card_kind: str = Field(sa_type=String(20))
    joined_on: date
    left_on: date | None = None


class ResidentInteraction(Tracked, table=True):
    """Residents interacting with each other, as recorded (never assumed from living close)."""

    __tablename__ = "housing_interactions"

    network_id: UUID = Field(foreign_key="housing_networks.id", index=True)
    client_id: UUID
    other_client_id: UUID
    kind: str = Field(sa_type=String(30))
    frequency: str = Field(sa_type=String(10))
    observed_on: date


class CommunityActivity(Tracked, table=True):
    """Activity promoting social interaction: planned with residents, goal-oriented, regular."""

    __tablename__ = "community_activities"

    network_id: UUID = Field(foreign_key="housing_networks.id", index=True)
    title: str = Field(sa_type=String(120))
    goal: str = Field(sa_type=Text)
    content: str = Field(sa_type=Text)
    recurrence: str = Field(sa_type=String(60))
    weekday: str | None = Field(default=None, sa_type=String(2))
    start_time: time | None = None
    duration_minutes: int
    starts_on: date
    ends_on: date | None = None
    planned_with_client_ids: list[str] = _ids()
    responsible_worker_id: str = Field(sa_type=String(40))
    producer_organisation_id: UUID
    resource_card_ids: list[str] = _ids()
    staff_count: int
    staff_hours_per_session: float
    competence_requirements: list[str] = _ids()
    follow_up: list[str] = _ids()
    status: str = Field(sa_type=String(20))


class ActivitySession(Tracked, table=True):
    """One session of an activity that took place."""

    __tablename__ = "activity_sessions"

    activity_id: UUID = Field(foreign_key="community_activities.id", index=True)
    network_id: UUID = Field(foreign_key="housing_networks.id", index=True)
    held_on: date
    staff_hours: float


class Attendance(Tracked, table=True):
    """Someone at a session: a resident (client id) or a partner or volunteer (card id)."""

    __tablename__ = "activity_attendance"

    session_id: UUID = Field(foreign_key="activity_sessions.id", index=True)
    network_id: UUID = Field(index=True)
    attendee_kind: str = Field(sa_type=String(20))
    client_id: UUID | None = None
    resource_card_id: UUID | None = None
    brought_by: str | None = Field(default=None, sa_type=String(60))
    """`client:<id>` or `card:<id>` of the attendee who brought this one along."""


class SelfMonitoringVersion(Tracked, table=True):
    """One generated version of a network's self-monitoring plan (omavalvontasuunnitelma)."""

    __tablename__ = "selfmonitoring_versions"
    __table_args__ = (
        UniqueConstraint("network_id", "version", name="uq_selfmonitoring_versions_version"),
    )

    network_id: UUID = Field(foreign_key="housing_networks.id", index=True)
    version: int
    content_hash: str = Field(sa_type=String(64))
    content: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    generated_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    generated_by_organisation: UUID
