"""Community activity API models: activities planned with residents, sessions and attendance."""

from datetime import date, datetime, time
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from network.schemas.housing import (
    ABSENT,
    EXAMPLE_ORG,
    EXAMPLE_WORKER,
    ClockTime,
    Count,
    Day,
    Number,
    WorkerId,
)
from tukiverkko_common.fields import Input

RECURRENCE = (
    r"^FREQ=(DAILY|WEEKLY|MONTHLY)(;INTERVAL=[1-9]\d?)?(;BYDAY=(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU))?$"
)
Weekday = Literal["mo", "tu", "we", "th", "fr", "sa", "su"]
Competence = Literal[
    "social_care_degree",
    "nursing_degree",
    "youth_work_degree",
    "peer_experience",
    "first_aid",
    "food_hygiene",
    "volunteer_training",
]
FollowUp = Literal[
    "attendance_records",
    "resident_feedback",
    "coordinator_monthly_review",
    "annual_review_with_residents",
]
Status = Literal["planned", "active", "paused", "ended"]
AttendeeKind = Literal["resident", "partner", "volunteer"]

ACTIVITY_EXAMPLE: dict[str, Any] = {
    "title": "Tiistaikerho",
    "goal": "Asukkaat tutustuvat toisiinsa ja naapurustoon",
    "content": "Yhteinen kahvihetki, pelejä ja vuorollaan asukkaan valitsema teema",
    "recurrence": "FREQ=WEEKLY;BYDAY=TU",
    "weekday": "tu",
    "start_time": "17:00",
    "duration_minutes": 120,
    "starts_on": "2025-03-04",
    "planned_with_client_ids": ["0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2d8"],
    "responsible_worker_id": EXAMPLE_WORKER,
    "producer_organisation_id": EXAMPLE_ORG,
    "resource_card_ids": ["0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2d9"],
    "staff_count": 2,
    "staff_hours_per_session": 3.0,
    "competence_requirements": ["social_care_degree", "first_aid"],
    "follow_up": ["attendance_records", "resident_feedback"],
}


class ActivityCreate(Input):
    """Plan a community activity with the residents (sosiaalista kanssakäymistä edistävä toiminta)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ACTIVITY_EXAMPLE]})

    title: str = Field(min_length=1, max_length=120)
    goal: str = Field(min_length=1, max_length=2000)
    content: str = Field(min_length=1, max_length=4000)
    recurrence: str = Field(
        pattern=RECURRENCE,
        description="RRULE subset, e.g. FREQ=WEEKLY;BYDAY=TU or FREQ=MONTHLY;BYDAY=1FR",
    )
    weekday: Weekday | None = None
    start_time: ClockTime | None = None
    duration_minutes: Count = Field(ge=5, le=24 * 60)
    starts_on: Day
    ends_on: Day | None = None
    planned_with_client_ids: list[UUID] = Field(
        default_factory=list, max_length=200, description="Residents who took part in planning"
    )
    responsible_worker_id: str = WorkerId
    producer_organisation_id: UUID
    resource_card_ids: list[UUID] = Field(default_factory=list, max_length=50)
    staff_count: Count = Field(ge=0, le=100)
    staff_hours_per_session: Number = Field(ge=0, le=200)
    competence_requirements: list[Competence] = Field(default_factory=list, max_length=10)
    follow_up: list[FollowUp] = Field(default_factory=list, max_length=10)


class ActivityUpdate(Input):
    """Change an activity's schedule, staffing, resources or status."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"status": "active"}]}
    )

    recurrence: str = Field(default=ABSENT, pattern=RECURRENCE)
    weekday: Weekday | None = None
    start_time: ClockTime | None = None
    ends_on: Day | None = None
    resource_card_ids: list[UUID] = Field(default=ABSENT, max_length=50)
    staff_count: Count = Field(default=ABSENT, ge=0, le=100)
    staff_hours_per_session: Number = Field(default=ABSENT, ge=0, le=200)
    status: Status = Field(default=ABSENT)


class ActivityRead(BaseModel):
    """A community activity."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    network_id: UUID
    title: str
    goal: str
    content: str
    recurrence: str
    weekday: str | None
    start_time: time | None
    duration_minutes: int
    starts_on: date
    ends_on: date | None
    planned_with_client_ids: list[UUID]
    responsible_worker_id: str
    producer_organisation_id: UUID
    resource_card_ids: list[UUID]
    staff_count: int
    staff_hours_per_session: float
    competence_requirements: list[str]
    follow_up: list[str]
    status: str
    modified_at: datetime


class PersonRef(Input):
    """A resident (client id) or a partner or volunteer (resource card id)."""

    client_id: UUID | None = None
    resource_card_id: UUID | None = None

    @model_validator(mode="after")
    def _one(self) -> "PersonRef":
        if (self.client_id is None) == (self.resource_card_id is None):
            raise ValueError("give exactly one of client_id and resource_card_id")
        return self

    def ref(self) -> str:
        """Return `client:<id>` or `card:<id>`."""
        return f"client:{self.client_id}" if self.client_id else f"card:{self.resource_card_id}"


class Attendee(PersonRef):
    """Someone at the session; `brought_by` names the attendee who brought them along."""

    kind: AttendeeKind
    brought_by: PersonRef | None = None


class SessionCreate(Input):
    """A session of the activity took place, with its attendance."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "held_on": "2025-03-11",
                    "staff_hours": 3.0,
                    "attendance": [
                        {"kind": "resident", "client_id": "0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2d8"},
                        {
                            "kind": "resident",
                            "client_id": "0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2da",
                            "brought_by": {"client_id": "0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2d8"},
                        },
                    ],
                }
            ]
        },
    )

    held_on: Day
    staff_hours: Number | None = Field(default=ABSENT, ge=0, le=200)
    attendance: list[Attendee] = Field(default_factory=list, max_length=300)


class AttendeeRead(BaseModel):
    """An attendee as recorded."""

    model_config = ConfigDict(from_attributes=True)

    attendee_kind: str
    client_id: UUID | None
    resource_card_id: UUID | None
    brought_by: str | None


class SessionRead(BaseModel):
    """A session with its attendance."""

    id: UUID
    activity_id: UUID
    network_id: UUID
    held_on: date
    staff_hours: float
    attendance: list[AttendeeRead]
