"""API models of the consent decision the gateway asks on every request."""

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from consent.codes import DataCategory, Purpose
from consent.schemas.common import Recipient
from consent.schemas.examples import DECISION_READ, DECISION_REQUEST
from tukiverkko_common.fields import Input, Instant


class DecisionRequest(Input):
    """May `recipient` receive `data_category` about `subject_id` for `purpose` at time `at`?"""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=DECISION_REQUEST,
    )

    subject_id: UUID
    recipient: Recipient
    data_category: DataCategory
    purpose: Purpose
    at: Instant | None = Field(default=None, description="Defaults to now")


class DecisionRead(BaseModel):
    """Permit or deny, the consents it rests on, and why."""

    model_config = ConfigDict(json_schema_extra=DECISION_READ)

    decision: Literal["permit", "deny"]
    consent_ids: list[UUID]
    reason: str
