"""SQLModel tables of the plans service, in their own metadata (never SQLModel's global one).

Every client-owned row carries `client_id` (the gateway authorises on it) and
`modified_at` (incremental sync pages over (modified_at, id)).
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from tukiverkko_common.clock import utcnow
from tukiverkko_common.columns import UtcDateTime
from tukiverkko_common.ids import new_id
from tukiverkko_common.tables import define_messaging_tables, service_metadata

metadata = service_metadata()
messaging = define_messaging_tables(metadata)


class PlansTable(SQLModel, registry=registry(metadata=metadata)):
    """Base of this service's tables."""


class Tracked(PlansTable):
    """Columns every client-owned row has."""

    id: UUID = Field(default_factory=new_id, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    modified_at: datetime = Field(
        default_factory=utcnow, sa_type=UtcDateTime, nullable=False, index=True
    )


def long_text(**kw: Any) -> Any:
    """Return a nullable long-text field."""
    return Field(default=None, sa_type=Text, **kw)


def json_list() -> Any:
    """Return a JSON list field."""
    return Field(default_factory=list, sa_type=JSON, nullable=False)


class Client(Tracked, table=True):
    __tablename__ = "clients"
    # A person is unique within a region, not across regions: another region's record is
    # none of this region's business (and a global index would make a membership oracle).
    __table_args__ = (
        UniqueConstraint("region", "identity_code_hash", name="uq_clients_region_identity"),
    )

    personal_identity_code: str = Field(max_length=11, nullable=False)
    identity_code_hash: str = Field(max_length=64, nullable=False)
    languages: list[str] = json_list()
    communication_support: list[str] = json_list()
    communication_support_note: str | None = long_text()
    municipality: str = Field(max_length=3, nullable=False)
    district: str | None = Field(default=None, max_length=100, index=True)
    region: str = Field(max_length=50, nullable=False)
    created_by_org: str | None = Field(default=None, max_length=64)
    created_by_user: str | None = Field(default=None, max_length=128)
    # The landlord's code of the client's apartment, so rent-ledger rows find the client until
    # the housing network's residency names the apartment.
    housing_unit_code: str | None = Field(default=None, max_length=40, index=True)


class Plan(Tracked, table=True):
    __tablename__ = "plans"

    client_id: UUID = Field(foreign_key="clients.id", index=True)
    status: str = Field(max_length=20, nullable=False)
    current_version: int = Field(nullable=False)
    approved_version: int | None = None
    approved_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    responsible_worker_id: str = Field(max_length=128, nullable=False)
    # The coordinator typed on the plan before housing networks existed: readable, no longer
    # the source (see HousingCoordinatorTerm); used only for clients in no housing network.
    legacy_area_coordinator_id: str | None = Field(default=None, max_length=128, index=True)
    next_review_on: date | None = None
    closed_on: date | None = None


class PlanVersion(Tracked, table=True):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "version", name="uq_plan_versions_plan_version"),)

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    version: int = Field(nullable=False)
    content: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    changed_fields: list[str] = json_list()
    created_by_org: str | None = Field(default=None, max_length=64)
    created_by_user: str | None = Field(default=None, max_length=128)
    approved_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    approved_by: str | None = Field(default=None, max_length=200)
    approved_by_user: str | None = Field(default=None, max_length=128)
    approved_by_org: str | None = Field(default=None, max_length=64)
    approved_snapshot: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class PlanHistory(Tracked, table=True):
    __tablename__ = "plan_history"

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    version: int = Field(nullable=False)
    action: str = Field(max_length=30, nullable=False)
    fields: list[str] = json_list()
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str | None = Field(default=None, max_length=20)
    actor_org: str | None = Field(default=None, max_length=64)
    actor_user: str | None = Field(default=None, max_length=128)


class Goal(Tracked, table=True):
    __tablename__ = "goals"

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    life_area: str = Field(max_length=30, nullable=False)
    description: str = Field(sa_type=Text, nullable=False)
    expressed_by: str = Field(max_length=30, nullable=False)
    target: str | None = long_text()
    due_on: date | None = None
    status: str = Field(max_length=20, nullable=False)
    trend: str | None = Field(default=None, max_length=20)


class ProgressNote(Tracked, table=True):
    __tablename__ = "progress_notes"

    goal_id: UUID = Field(foreign_key="goals.id", index=True)
    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    noted_on: date = Field(nullable=False)
    trend: str = Field(max_length=20, nullable=False)
    note: str | None = long_text()
    written_by_user: str | None = Field(default=None, max_length=128)


class AgreedService(Tracked, table=True):
    __tablename__ = "agreed_services"

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    service_type: str = Field(max_length=40, nullable=False)
    legal_basis: str = Field(max_length=40, nullable=False)
    provider_kind: str = Field(max_length=20, nullable=False)
    provider_organisation_id: UUID | None = Field(default=None, index=True)
    provider_sector: str | None = Field(default=None, max_length=20)
    provider_resource_card_id: UUID | None = None
    informal_relation: str | None = Field(default=None, max_length=20)
    informal_description: str | None = long_text()
    amount_hours: float = Field(nullable=False)
    amount_per: str = Field(max_length=10, nullable=False)
    valid_from: date = Field(nullable=False)
    valid_until: date | None = None
    goal_ids: list[str] = json_list()


class Phase(Tracked, table=True):
    __tablename__ = "phases"

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    phase: str = Field(max_length=30, nullable=False)
    previous_phase: str | None = Field(default=None, max_length=30)
    direction: str = Field(max_length=10, nullable=False)
    started_on: date = Field(nullable=False, index=True)
    ended_on: date | None = None
    reason_code: str = Field(max_length=30, nullable=False)
    reason_note: str | None = long_text()
    planned_minutes_per_month: int = Field(nullable=False)
    recorded_by_user: str | None = Field(default=None, max_length=128)


class Visit(Tracked, table=True):
    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_client_occurred", "client_id", "occurred_at"),
        Index("ix_visits_occurred_plan", "occurred_at", "plan_id"),
        # A scheduled meeting's occurrence is held once; later visits are ordinary ones.
        UniqueConstraint("schedule_id", "scheduled_on", name="uq_visits_schedule_occurrence"),
    )

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id")
    occurred_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    minutes: int = Field(nullable=False)
    worker_id: str = Field(max_length=128, nullable=False)
    method: str = Field(max_length=30, nullable=False)
    service_id: UUID | None = Field(default=None, foreign_key="agreed_services.id")
    goal_ids: list[str] = json_list()
    note: str | None = long_text()
    recorded_by_org: str | None = Field(default=None, max_length=64)
    recorded_by_user: str | None = Field(default=None, max_length=128)
    schedule_id: UUID | None = Field(default=None, foreign_key="meeting_schedules.id")
    scheduled_on: date | None = None


class Observation(Tracked, table=True):
    __tablename__ = "observations"

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    kind: str = Field(max_length=20, nullable=False)
    observed_on: date = Field(nullable=False)
    rent_status: str | None = Field(default=None, max_length=20)
    amount_overdue_eur: float | None = None
    severity: str | None = Field(default=None, max_length=10)
    note: str | None = long_text()
    recorded_by_user: str | None = Field(default=None, max_length=128)


class Task(Tracked, table=True):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_status_due", "status", "due_at"),)

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    observation_id: UUID | None = Field(default=None, foreign_key="observations.id")
    kind: str = Field(max_length=40, nullable=False)
    due_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    assigned_to: str | None = Field(default=None, max_length=128)
    status: str = Field(max_length=10, nullable=False)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    outcome: str | None = Field(default=None, max_length=30)
    outcome_note: str | None = long_text()
    phase: str | None = Field(default=None, max_length=30)
    escalated_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    escalated_to: str | None = Field(default=None, max_length=128, index=True)


class RentLedgerEntry(Tracked, table=True):
    """A rent-ledger row (vuokrareskontra) imported for a client and month; one per both."""

    __tablename__ = "rent_ledger_entries"
    __table_args__ = (UniqueConstraint("client_id", "month", name="uq_rent_ledger_client_month"),)

    client_id: UUID = Field(foreign_key="clients.id", index=True)
    plan_id: UUID = Field(foreign_key="plans.id")
    month: str = Field(max_length=7, nullable=False)
    due_eur: float = Field(nullable=False)
    paid_eur: float = Field(nullable=False)
    observation_id: UUID | None = Field(default=None, foreign_key="observations.id")
    task_id: UUID | None = Field(default=None, foreign_key="tasks.id")


class MeetingSchedule(Tracked, table=True):
    """Planned, regular meetings of a plan: a weekday and local time, every `every_weeks` weeks."""

    __tablename__ = "meeting_schedules"

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    weekday: int = Field(nullable=False)
    local_time: str = Field(max_length=5, nullable=False)
    every_weeks: int = Field(nullable=False, default=1)
    method: str = Field(max_length=30, nullable=False)
    worker_id: str = Field(max_length=128, nullable=False, index=True)
    starts_on: date = Field(nullable=False)
    ends_on: date | None = None


class Referral(Tracked, table=True):
    __tablename__ = "referrals"
    __table_args__ = (Index("ix_referrals_org_status", "organisation_id", "status"),)

    plan_id: UUID = Field(foreign_key="plans.id", index=True)
    client_id: UUID = Field(foreign_key="clients.id", index=True)
    organisation_id: UUID = Field(nullable=False)
    service_type: str = Field(max_length=40, nullable=False)
    basis: str = Field(max_length=30, nullable=False)
    goal_ids: list[str] = json_list()
    needed_from: date | None = None
    message: str | None = long_text()
    status: str = Field(max_length=20, nullable=False)
    decline_reason: str | None = Field(default=None, max_length=30)
    answer_note: str | None = long_text()
    sent_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Shortfall(Tracked, table=True):
    __tablename__ = "shortfalls"
    __table_args__ = (UniqueConstraint("client_id", "month", name="uq_shortfalls_client_month"),)

    client_id: UUID = Field(foreign_key="clients.id", index=True)
    plan_id: UUID = Field(foreign_key="plans.id")
    month: str = Field(max_length=7, nullable=False, index=True)
    planned_minutes: int = Field(nullable=False)
    delivered_minutes: int = Field(nullable=False)
    ratio: float = Field(nullable=False)
    threshold: float = Field(nullable=False)
    area_coordinator_id: str | None = Field(default=None, max_length=128)
    event_id: str = Field(max_length=36, nullable=False)
    short_items: list[dict[str, Any]] = json_list()


class ClosedMonth(PlansTable, table=True):
    __tablename__ = "realisation_months"

    month: str = Field(max_length=7, primary_key=True)
    closed_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    clients_evaluated: int = Field(nullable=False)
    shortfalls: int = Field(nullable=False)


class HousingResidency(PlansTable, table=True):
    """A client's residency in a housing network, learnt from the network service's events."""

    __tablename__ = "housing_residencies"

    id: UUID = Field(primary_key=True)  # the network service's residency id: redelivery upserts
    network_id: UUID = Field(nullable=False, index=True)
    client_id: UUID = Field(nullable=False, index=True)
    moved_in_on: date = Field(nullable=False)
    moved_out_on: date | None = None
    modified_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class HousingCoordinatorTerm(PlansTable, table=True):
    """Who held a network's area coordinator role when (from the network service's events)."""

    __tablename__ = "housing_coordinator_terms"

    id: UUID = Field(primary_key=True)  # the network service's assignment id
    network_id: UUID = Field(nullable=False, index=True)
    worker_id: str = Field(max_length=128, nullable=False, index=True)
    organisation_id: UUID = Field(nullable=False)
    from_on: date = Field(nullable=False)
    to_on: date | None = None
    modified_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


__all__ = [
    "AgreedService",
    "Client",
    "ClosedMonth",
    "Goal",
    "HousingCoordinatorTerm",
    "HousingResidency",
    "MeetingSchedule",
    "Observation",
    "Phase",
    "Plan",
    "PlanHistory",
    "PlanVersion",
    "ProgressNote",
    "Referral",
    "RentLedgerEntry",
    "Shortfall",
    "Task",
    "Visit",
    "messaging",
    "metadata",
]
