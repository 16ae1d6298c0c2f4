"""Goal and progress-note API models."""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from plans.codes import ExpressedBy, GoalStatus, LifeArea, Trend
from plans.schemas.common import ABSENT, Day
from tukiverkko_common.fields import Input


class GoalCreate(Input):
    """A goal in one life area, in the words of whoever expressed it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "life_area": "housing",
                    "description": "Oma koti Kouvolan keskustasta",
                    "expressed_by": "client",
                    "target": "Lease signed and moved in",
                    "due_on": "2025-05-31",
                    "status": "proposed",
                }
            ]
        },
    )

    life_area: LifeArea
    description: str = Field(min_length=1, max_length=2000)
    expressed_by: ExpressedBy
    target: str | None = Field(default=None, max_length=1000)
    due_on: Day | None = None
    status: GoalStatus = Field(default="proposed", description="proposed or active for a new goal")


class GoalUpdate(Input):
    """Change a goal's wording, target, due date, status (proposed → active → achieved/changed/dropped) or trend."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"status": "active", "trend": "improving"}]}
    )

    description: str = Field(default=ABSENT, min_length=1, max_length=2000)
    target: str | None = Field(default=None, max_length=1000)
    due_on: Day | None = None
    status: GoalStatus = Field(default=ABSENT)
    trend: Trend | None = None


class GoalRead(BaseModel):
    """A goal with its lifecycle status and latest achievement trend."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    plan_id: UUID
    client_id: UUID
    life_area: str
    description: str
    expressed_by: str
    target: str | None
    due_on: date | None
    status: str
    trend: str | None
    created_at: datetime
    modified_at: datetime


class ProgressNoteCreate(Input):
    """A dated note on how a goal is going."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"noted_on": "2025-03-14", "trend": "improving", "note": "Paid rent on time twice."}
            ]
        },
    )

    noted_on: Day
    trend: Trend
    note: str | None = Field(default=None, max_length=2000)


class ProgressNoteRead(BaseModel):
    """A progress note."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    goal_id: UUID
    plan_id: UUID
    client_id: UUID
    noted_on: date
    trend: str
    note: str | None
    written_by_user: str | None
    created_at: datetime
    modified_at: datetime
