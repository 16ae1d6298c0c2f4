"""Phased housing support API models."""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from plans.codes import PhaseName, PhaseReason
from plans.schemas.common import Day
from tukiverkko_common.fields import Input


class PhaseChange(Input):
    """Move the client to a phase from a date (forward, or back to an earlier phase), with the reason."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "phase": "intensive",
                    "started_on": "2025-03-01",
                    "reason_code": "progress",
                    "reason_note": "Moved in.",
                }
            ]
        },
    )

    phase: PhaseName
    started_on: Day
    reason_code: PhaseReason
    reason_note: str | None = Field(default=None, max_length=1000)


class PhaseRead(BaseModel):
    """A phase period; `ended_on` is the day the next phase started (exclusive), null while current."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    plan_id: UUID
    client_id: UUID
    phase: str
    previous_phase: str | None
    direction: str
    started_on: date
    ended_on: date | None
    reason_code: str
    reason_note: str | None
    planned_minutes_per_month: int
    created_at: datetime
    modified_at: datetime
