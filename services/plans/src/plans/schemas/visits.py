"""Delivery log (visits and contacts) API models."""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from plans.codes import VisitMethod
from plans.schemas.common import ABSENT, EXAMPLE_WORKER_ID, Day, WorkerId
from tukiverkko_common.fields import Input, Instant


class VisitCreate(Input):
    """Client work delivered: a meeting, home visit, phone call or network meeting."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "occurred_at": "2025-03-14T10:00:00+02:00",
                    "minutes": 90,
                    "worker_id": EXAMPLE_WORKER_ID,
                    "method": "home_visit",
                    "goal_ids": [],
                    "note": "Practised paying bills online.",
                }
            ]
        },
    )

    occurred_at: Instant = Field(
        description="When it happened, with an offset; months are Helsinki months"
    )
    minutes: int = Field(ge=1, le=1440)
    worker_id: str = WorkerId
    method: VisitMethod
    goal_ids: list[UUID] = Field(default_factory=list, max_length=20)
    service_id: UUID | None = Field(
        default=None, description="The agreed service delivered; null for phase work"
    )
    note: str | None = Field(default=None, max_length=500, description="Short content note")
    schedule_id: UUID | None = Field(
        default=None, description="The plan's meeting schedule whose occurrence this visit held"
    )
    scheduled_on: Day | None = Field(
        default=None,
        description="The occurrence held (default: the Helsinki day of occurred_at)",
    )


class VisitUpdate(Input):
    """Correct a logged visit."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"minutes": 60}]})

    occurred_at: Instant = Field(default=ABSENT)
    minutes: int = Field(default=ABSENT, ge=1, le=1440)
    method: VisitMethod = Field(default=ABSENT)
    goal_ids: list[UUID] = Field(default=ABSENT, max_length=20)
    note: str | None = Field(default=None, max_length=500)


class VisitRead(BaseModel):
    """A logged visit or contact."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    plan_id: UUID
    client_id: UUID
    occurred_at: datetime
    minutes: int
    worker_id: str
    method: str
    goal_ids: list[UUID]
    service_id: UUID | None
    note: str | None
    schedule_id: UUID | None = None
    scheduled_on: date | None = None
    created_at: datetime
    modified_at: datetime
