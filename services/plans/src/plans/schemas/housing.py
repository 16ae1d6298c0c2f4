"""Housing follow-up API models: observations and intervention tasks."""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from plans.codes import ObservationKind, RentStatus, Severity, TaskOutcome
from plans.schemas.common import Day
from tukiverkko_common.contracts.plans import WORKER_ID_PATTERN
from tukiverkko_common.fields import Input, Instant


class ObservationCreate(Input):
    """A dated rent-payment follow-up or disturbance report; unpaid rent and disturbances open a task."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "rent_payment",
                    "observed_on": "2025-03-05",
                    "rent_status": "unpaid",
                    "amount_overdue_eur": 540,
                },
                {
                    "kind": "disturbance",
                    "observed_on": "2025-03-07",
                    "severity": "high",
                    "note": "Noise complaint",
                },
            ]
        },
    )

    kind: ObservationKind
    observed_on: Day
    rent_status: RentStatus | None = Field(default=None, validate_default=True)
    amount_overdue_eur: float | None = Field(default=None, ge=0, le=100_000)
    severity: Severity | None = Field(default=None, validate_default=True)
    note: str | None = Field(default=None, max_length=1000)
    task_due_at: Instant | None = Field(default=None, description="Override the default due time")
    assigned_to: str | None = Field(
        default=None,
        pattern=WORKER_ID_PATTERN,
        description="Opaque worker id (wrk_ and 32 hex digits); default: the responsible worker",
    )

    @field_validator("rent_status")
    @classmethod
    def _rent_status_for_rent(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("kind") == "rent_payment" and value is None:
            raise ValueError("is required for a rent_payment observation")
        if info.data.get("kind") == "disturbance" and value is not None:
            raise ValueError("only applies to rent_payment observations")
        return value

    @field_validator("severity")
    @classmethod
    def _severity_for_disturbance(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("kind") == "disturbance" and value is None:
            raise ValueError("is required for a disturbance observation")
        return value


class TaskRead(BaseModel):
    """An intervention task; `overdue` is open past its due time."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    plan_id: UUID
    client_id: UUID
    observation_id: UUID | None
    kind: str
    due_at: datetime
    assigned_to: str | None
    status: str
    overdue: bool = False
    phase: str | None = Field(
        description="The client's phase on the observation day (set the due time)"
    )
    escalated_at: datetime | None = Field(
        description="When it went overdue to the area coordinator"
    )
    escalated_to: str | None
    closed_at: datetime | None
    outcome: str | None
    outcome_note: str | None
    created_at: datetime
    modified_at: datetime


class ObservationRead(BaseModel):
    """An observation and the task it opened (if any)."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    plan_id: UUID
    client_id: UUID
    kind: str
    observed_on: date
    rent_status: str | None
    amount_overdue_eur: float | None
    severity: str | None
    note: str | None
    task: TaskRead | None = None
    created_at: datetime
    modified_at: datetime


class TaskClose(Input):
    """Close an intervention task with its outcome."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"outcome": "payment_plan_agreed", "note": "Agreed instalments with the landlord."}
            ]
        },
    )

    outcome: TaskOutcome
    note: str | None = Field(default=None, max_length=1000)
