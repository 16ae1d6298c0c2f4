"""Planned, regular meetings (seed 003: "suunnitellut ja säännölliset tapaamiset ja kotikäynnit")
and the scheduled occurrences that were not held."""

from datetime import date, datetime
from typing import Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from plans.codes import VisitMethod
from plans.schemas.common import EXAMPLE_WORKER_ID, Day, WorkerId
from tukiverkko_common.fields import Input

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # type: ignore[attr-defined]


class MeetingScheduleCreate(Input):
    """A recurring meeting: a weekday and Helsinki time every `every_weeks` weeks, from a date."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "weekday": "tuesday",
                    "time": "10:00",
                    "method": "home_visit",
                    "worker_id": EXAMPLE_WORKER_ID,
                    "starts_on": "2025-03-04",
                    "every_weeks": 1,
                }
            ]
        },
    )

    weekday: Weekday
    time: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="Helsinki time, HH:MM")
    method: VisitMethod
    worker_id: str = WorkerId
    starts_on: Day
    ends_on: Day | None = Field(default=None, description="Last day with an occurrence")
    every_weeks: int = Field(default=1, ge=1, le=8)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class MeetingScheduleRead(BaseModel):
    """A plan's recurring meeting."""

    id: UUID
    plan_id: UUID
    client_id: UUID
    weekday: Weekday
    time: str
    method: str
    worker_id: str
    starts_on: date
    ends_on: date | None
    every_weeks: int
    created_at: datetime
    modified_at: datetime


class MissedMeeting(BaseModel):
    """A scheduled occurrence, now past, with no visit recorded against it."""

    schedule_id: UUID
    plan_id: UUID
    client_id: UUID
    scheduled_on: date
    time: str
    method: str
    worker_id: str


class MissedMeetings(BaseModel):
    """Missed scheduled meetings in a date range (a worker's or an area coordinator's list)."""

    since: date
    until: date
    items: list[MissedMeeting]
