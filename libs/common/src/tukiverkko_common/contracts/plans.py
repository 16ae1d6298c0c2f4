"""Client-plan events. Produced by: plans service. Keyed by the client.

Payloads carry ids, codes, dates and amounts; never names, identity codes or free text.
Workers (`worker_id`, `responsible_worker_id`, `area_coordinator_id`, `assigned_to`) are opaque
ids in the WORKER_ID_PATTERN format; districts are codes from the list in `tukiverkko_common/area_codes.json`.
"""

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

from tukiverkko_common.events import EventData, contract

TOPIC = "tukiverkko.plans"
TOPIC_DESCRIPTION = (
    "Client plans: clients, plans, goals, services, phases, visits, realisation, referrals"
)

WORKER_ID_PATTERN = r"^wrk_[0-9a-f]{32}$"
"""An opaque worker id: `wrk_` and 32 hex digits (e.g. a random UUID's hex).

The worker's organisation mints one per staff member and keeps the mapping to the person in
its own system; the platform never learns who it is. A fixed shape leaves no room for a name
or an identity code typed in its place.
"""


def new_worker_id() -> str:
    """Return a fresh opaque worker id (for an organisation's register, and for tests)."""
    return f"wrk_{uuid4().hex}"


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
    region: str | None = None
    """Wellbeing region code (added; optional for older producers)."""


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
    legal_basis: str | None = None
    provider_kind: str | None = None
    """organisation or informal (an informal supporter has no organisation id)."""
    provider_sector: str | None = None
    """municipal, third_sector or private, for an organisation provider."""
    amount_hours: float | None = None
    amount_per: str | None = None
    """week or month: the unit the amount was agreed in (hours_per_month is derived)."""
    goal_ids: list[UUID] = Field(default_factory=list)
    change: str = "agreed"
    """agreed (new), changed (terms) or ended (period cut short, e.g. plan closed)."""


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


class ShortItem(BaseModel):
    """One part of a client-month that fell short: an agreed service or the phase's client work."""

    model_config = ConfigDict(frozen=True)

    kind: str
    """service (an agreed service) or phase_work (the phase's client work, visits without a service)."""
    plan_id: UUID
    service_id: UUID | None = None
    service_type: str | None = None
    provider_organisation_id: UUID | None = None
    """The producer the service belongs to (null for phase work)."""
    provider_sector: str | None = None
    phases: list[str] = Field(default_factory=list)
    """The phases the phase work was planned by (codes), for phase_work."""
    plan_versions: list[int] = Field(default_factory=list)
    """The approved plan versions whose planned minutes these are."""
    planned_minutes: int
    delivered_minutes: int
    ratio: float


@contract
class RealisationShortfallDetected(_PlansEvent):
    """Delivered support fell below the threshold of planned support for a client-month.

    Judged per agreed service and per phase's client work, not on the month's total; the totals
    stay for older consumers, `short_items` names each part that fell short and its producer.
    """

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
    short_items: list[ShortItem] = Field(default_factory=list)
    """Each agreed service or phase's client work below the threshold (added)."""


# Additions (additive only). Ids, codes, dates and amounts; never names, identity codes or free text.


@contract
class ClientUpdated(_PlansEvent):
    """A client's non-identifying attributes changed (languages, support needs, area)."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.client_updated.v1"
    municipality: str
    district: str | None = None
    region: str | None = None
    changed_fields: list[str]
    updated_at: datetime


@contract
class PlanCreated(_PlansEvent):
    """A client plan was opened as a draft (version 1)."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.plan_created.v1"
    plan_id: UUID
    version: int
    status: str
    legal_basis: list[str]
    responsible_worker_id: str
    area_coordinator_id: str | None = None
    """The coordinator typed on the plan (legacy); null when none was typed. The coordinator
    now comes from the client's housing network (tukiverkko.housing)."""
    next_review_on: date | None = None
    created_at: datetime


@contract
class PlanChanged(_PlansEvent):
    """A plan's content changed; `new_version` tells whether an approved version was superseded."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.plan_changed.v1"
    plan_id: UUID
    version: int
    new_version: bool
    changed_fields: list[str]
    area_coordinator_id: str | None = None
    """As in PlanCreated: the legacy value typed on the plan, or null."""
    next_review_on: date | None = None
    changed_at: datetime


@contract
class PlanApproved(_PlansEvent):
    """A plan version was approved by a named person (the name itself is not published)."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.plan_approved.v1"
    plan_id: UUID
    version: int
    status: str
    approved_at: datetime


@contract
class PlanStatusChanged(_PlansEvent):
    """A plan moved between draft, active, under_review and closed."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.plan_status_changed.v1"
    plan_id: UUID
    from_status: str
    to_status: str
    changed_at: datetime


@contract
class GoalRecorded(_PlansEvent):
    """A goal was added to a plan."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.goal_recorded.v1"
    plan_id: UUID
    goal_id: UUID
    life_area: str
    expressed_by: str
    status: str
    due_on: date | None = None


@contract
class GoalChanged(_PlansEvent):
    """A goal's status, trend, target date or wording changed."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.goal_changed.v1"
    plan_id: UUID
    goal_id: UUID
    life_area: str
    status: str
    trend: str | None = None
    due_on: date | None = None
    changed_fields: list[str]


@contract
class ProgressNoted(_PlansEvent):
    """A dated progress note was written on a goal (the note's text is not published)."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.progress_noted.v1"
    plan_id: UUID
    goal_id: UUID
    note_id: UUID
    noted_on: date
    trend: str


@contract
class PhaseChanged(_PlansEvent):
    """The client moved to a support phase (forward, back to an earlier one, or first phase)."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.phase_changed.v1"
    plan_id: UUID
    phase_id: UUID
    phase: str
    previous_phase: str | None = None
    direction: str
    """start, forward or back."""
    started_on: date
    reason_code: str
    planned_minutes_per_month: int


@contract
class VisitRecorded(_PlansEvent):
    """Delivered client work (a visit or contact) was logged."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.visit_recorded.v1"
    plan_id: UUID
    visit_id: UUID
    occurred_at: datetime
    minutes: int
    method: str
    worker_id: str
    service_id: UUID | None = None
    goal_ids: list[UUID] = Field(default_factory=list)
    schedule_id: UUID | None = None
    """The meeting schedule whose occurrence the visit held (added)."""
    scheduled_on: date | None = None


@contract
class VisitCorrected(VisitRecorded):
    """A logged visit was corrected; the payload is its state after the correction."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.visit_corrected.v1"
    changed_fields: list[str] = Field(default_factory=list)


@contract
class ObservationRecorded(_PlansEvent):
    """A housing follow-up observation (rent payment or disturbance) was recorded."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.observation_recorded.v1"
    plan_id: UUID
    observation_id: UUID
    kind: str
    observed_on: date
    rent_status: str | None = None
    severity: str | None = None


@contract
class TaskOpened(_PlansEvent):
    """An intervention task was opened with a due time."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.task_opened.v1"
    plan_id: UUID
    task_id: UUID
    observation_id: UUID | None = None
    kind: str
    due_at: datetime
    assigned_to: str | None = None
    phase: str | None = None
    """The client's phase on the observation day, which set the due time (added)."""


@contract
class TaskClosed(_PlansEvent):
    """An intervention task was closed with an outcome code."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.task_closed.v1"
    plan_id: UUID
    task_id: UUID
    kind: str
    outcome: str
    due_at: datetime
    closed_at: datetime
    overdue: bool


@contract
class TaskEscalated(_PlansEvent):
    """An intervention task passed its due time open and went to the area coordinator."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.task_escalated.v1"
    plan_id: UUID
    task_id: UUID
    kind: str
    due_at: datetime
    escalated_at: datetime
    area_coordinator_id: str | None = None
    """The coordinator of the client's housing network (else the plan's legacy one); null when none."""


@contract
class MeetingScheduled(_PlansEvent):
    """A plan scheduled recurring meetings (weekday, Helsinki time, method, worker)."""

    event_type: ClassVar[str] = "fi.tukiverkko.plans.meeting_scheduled.v1"
    plan_id: UUID
    schedule_id: UUID
    weekday: str
    time: str
    """HH:MM in Europe/Helsinki."""
    every_weeks: int
    method: str
    worker_id: str
    starts_on: date
    ends_on: date | None = None
