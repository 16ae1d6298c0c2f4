"""Support request (referral) API models."""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from plans.codes import DeclineReason, ReferralAnswer, ReferralBasis, ServiceType
from plans.schemas.common import Day
from tukiverkko_common.fields import Input


class ReferralCreate(Input):
    """Send a support request from the plan to a provider or partner organisation.

    Sending discloses the client to the receiver, so it needs a basis: the client's consent
    to disclosure to that organisation (the gateway refuses the referral without it), or the
    organiser's purchase contract or service voucher.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "organisation_id": "01936f5e-0000-7000-8000-000000000002",
                    "service_type": "day_activities",
                    "basis": "consent",
                    "goal_ids": [],
                    "needed_from": "2025-04-01",
                    "message": "Tuesday mornings suit the client.",
                }
            ]
        },
    )

    organisation_id: UUID
    service_type: ServiceType
    basis: ReferralBasis = Field(
        description="Basis of the disclosure to the receiving organisation"
    )
    goal_ids: list[UUID] = Field(default_factory=list, max_length=20)
    needed_from: Day | None = None
    message: str | None = Field(default=None, max_length=2000)


class ReferralAnswerIn(Input):
    """The receiving organisation's answer: accepted, declined (with a reason) or delivered."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "status": "declined",
                    "decline_reason": "no_capacity",
                    "note": "Full until autumn.",
                }
            ]
        },
    )

    status: ReferralAnswer
    decline_reason: DeclineReason | None = Field(default=None, validate_default=True)
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("decline_reason")
    @classmethod
    def _reason_iff_declined(cls, value: str | None, info: ValidationInfo) -> str | None:
        status = info.data.get("status")
        if status == "declined" and value is None:
            raise ValueError("is required when status is declined")
        if status not in (None, "declined") and value is not None:
            raise ValueError("is only given when status is declined")
        return value


class ReferralRead(BaseModel):
    """A referral with its status and, when declined, the reason."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    plan_id: UUID
    client_id: UUID
    organisation_id: UUID
    service_type: str
    basis: str
    goal_ids: list[UUID]
    needed_from: date | None
    message: str | None
    status: str
    decline_reason: str | None
    answer_note: str | None
    sent_at: datetime
    answered_at: datetime | None
    created_at: datetime
    modified_at: datetime
