"""Client plan (asiakassuunnitelma) API models: content, versions, history, approval, status."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from plans.codes import InformalRelation, LegalBasis, LocalService, ParticipantRole, PlanStatus
from plans.schemas.agreed_services import ServiceRead
from plans.schemas.common import ABSENT, EXAMPLE_COORDINATOR_ID, EXAMPLE_WORKER_ID, Day, WorkerId
from plans.schemas.goals import GoalRead
from plans.schemas.phases import PhaseRead
from plans.schemas.referrals import ReferralRead
from tukiverkko_common.contracts.plans import WORKER_ID_PATTERN
from tukiverkko_common.fields import Input

LongText = Field(default=None, max_length=4000)


class Participant(Input):
    """Someone who took part in making the plan, by role (and id where the platform knows them)."""

    role: ParticipantRole
    user_id: str | None = Field(default=None, max_length=128)
    organisation_id: UUID | None = None


class Disagreement(Input):
    """Where the client's view and the worker's assessment differ, with the reasons."""

    about: str = Field(min_length=1, max_length=200)
    client_view: str = Field(min_length=1, max_length=2000)
    worker_view: str = Field(min_length=1, max_length=2000)
    reasons: str = Field(min_length=1, max_length=2000)


class InformalSupport(Input):
    """Informal support (friends, relatives) described without identifying the person."""

    relation: InformalRelation
    support: str = Field(min_length=1, max_length=300, description="What they help with")


class PlanContent(Input):
    """The plan document's parts; every version stores them as they were."""

    legal_basis: list[LegalBasis] = Field(min_length=1, max_length=2)
    responsible_worker_id: str = WorkerId
    area_coordinator_id: str | None = Field(
        default=None,
        pattern=WORKER_ID_PATTERN,
        description=(
            "Deprecated: the area coordinator comes from the housing network the client lives"
            " in; a value given here is kept as `legacy_area_coordinator_id` and used only while"
            " the client lives in no housing network"
        ),
    )
    participants: list[Participant] = Field(default_factory=list, max_length=30)
    client_view: str | None = Field(
        default=None, max_length=4000, description="The client's view in their own words"
    )
    worker_assessment: str | None = LongText
    disagreements: list[Disagreement] = Field(default_factory=list, max_length=20)
    functional_capacity: str | None = LongText
    life_situation: str | None = LongText
    strengths: list[str] = Field(default_factory=list, max_length=30)
    informal_support: list[InformalSupport] = Field(default_factory=list, max_length=30)
    local_services_used: list[LocalService] = Field(default_factory=list, max_length=8)
    next_review_on: Day | None = None


PLAN_EXAMPLE: dict[str, Any] = {
    "legal_basis": ["social_welfare_act"],
    "responsible_worker_id": EXAMPLE_WORKER_ID,
    "area_coordinator_id": EXAMPLE_COORDINATOR_ID,
    "participants": [{"role": "client"}, {"role": "support_worker", "user_id": EXAMPLE_WORKER_ID}],
    "client_view": "Haluan asua omassa kodissa ja käydä uimahallissa.",
    "worker_assessment": "Needs support with finances and daily rhythm.",
    "disagreements": [
        {
            "about": "pace of moving",
            "client_view": "Move this month",
            "worker_view": "Move after the readiness assessment",
            "reasons": "Rent arrears to settle first",
        }
    ],
    "strengths": ["punctual", "likes cooking"],
    "informal_support": [{"relation": "family", "support": "weekly grocery shopping"}],
    "local_services_used": ["library", "swimming_hall"],
    "next_review_on": "2025-06-30",
}


class PlanCreate(PlanContent):
    """Open a plan as a draft (version 1)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PLAN_EXAMPLE]})


class PlanUpdate(Input):
    """Change parts of the plan; an approved current version is kept and a new version made.

    Texts and the review date may be cleared with null; lists are emptied with [].
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"next_review_on": "2025-09-30", "client_view": "..."}]},
    )

    legal_basis: list[LegalBasis] = Field(default=ABSENT, min_length=1, max_length=2)
    responsible_worker_id: str = Field(default=ABSENT, pattern=WORKER_ID_PATTERN)
    area_coordinator_id: str | None = Field(default=ABSENT, pattern=WORKER_ID_PATTERN)
    participants: list[Participant] = Field(default=ABSENT, max_length=30)
    client_view: str | None = LongText
    worker_assessment: str | None = LongText
    disagreements: list[Disagreement] = Field(default=ABSENT, max_length=20)
    functional_capacity: str | None = LongText
    life_situation: str | None = LongText
    strengths: list[str] = Field(default=ABSENT, max_length=30)
    informal_support: list[InformalSupport] = Field(default=ABSENT, max_length=30)
    local_services_used: list[LocalService] = Field(default=ABSENT, max_length=8)
    next_review_on: Day | None = None


class PlanApprove(Input):
    """Approve the plan's current version; a draft becomes active."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"approved_by": "Maija Meikäläinen, sosiaalityöntekijä"}]},
    )

    approved_by: str = Field(
        min_length=2, max_length=200, description="Name and title of the approver"
    )


class PlanStatusChange(Input):
    """Move the plan: active → under_review → active, or active/under_review → closed."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"status": "under_review"}]}
    )

    status: PlanStatus
    closed_on: Day | None = Field(
        default=None, description="Closing date (default: today in Helsinki)"
    )


class PlanVersionMeta(BaseModel):
    """Who made a version, when, what changed from the previous one, and its approval."""

    plan_id: UUID
    client_id: UUID
    version: int
    changed_fields: list[str]
    created_at: datetime
    modified_at: datetime
    created_by_user: str | None
    created_by_org: str | None
    approved: bool
    approved_by: str | None
    approved_at: datetime | None


class PlanVersionRead(PlanVersionMeta, PlanContent):
    """One version of the plan, readable after later versions exist."""

    model_config = ConfigDict(extra="ignore")

    approved_snapshot: dict[str, Any] | None = Field(
        description="Goals and agreed services as they stood when this version was approved"
    )


class PlanHistoryEntry(BaseModel):
    """Who changed what and when."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    plan_id: UUID
    client_id: UUID
    version: int
    action: str
    fields: list[str]
    from_status: str | None
    to_status: str | None
    actor_org: str | None
    actor_user: str | None
    created_at: datetime
    modified_at: datetime


COORDINATOR_DOC = (
    "The client's area coordinator today: the coordinator of the housing network the client"
    " lives in, else the coordinator typed on the plan before housing networks existed"
)
LEGACY_DOC = "The coordinator typed on the plan (kept readable; no longer the source)"
NETWORK_DOC = "The housing network the client lives in today (from the network service)"


class PlanRead(PlanContent):
    """The plan's current version with its goals, agreed services, current phase and referrals."""

    model_config = ConfigDict(extra="ignore")

    area_coordinator_id: str | None = Field(description=COORDINATOR_DOC)
    legacy_area_coordinator_id: str | None = Field(description=LEGACY_DOC)
    housing_network_id: UUID | None = Field(description=NETWORK_DOC)

    id: UUID
    client_id: UUID
    status: PlanStatus
    version: int
    approved: bool = Field(description="The current version is approved")
    approved_by: str | None
    approved_at: datetime | None
    approved_version: int | None = Field(
        description="Latest approved version (may be older than current)"
    )
    closed_on: date | None
    created_at: datetime
    modified_at: datetime
    current_phase: PhaseRead | None
    goals: list[GoalRead]
    services: list[ServiceRead]
    referrals: list[ReferralRead]


class PlanSummary(BaseModel):
    """A plan in a list (current version's header fields)."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    client_id: UUID
    status: str
    current_version: int
    version: int = Field(description="Same as current_version")
    approved_version: int | None
    approved_at: datetime | None = Field(
        description="When the latest approved version was approved"
    )
    responsible_worker_id: str
    area_coordinator_id: str | None = Field(description=COORDINATOR_DOC)
    legacy_area_coordinator_id: str | None = Field(description=LEGACY_DOC)
    housing_network_id: UUID | None = Field(description=NETWORK_DOC)
    next_review_on: date | None
    closed_on: date | None
    created_at: datetime
    modified_at: datetime
