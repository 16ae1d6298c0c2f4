"""A card's activity log and a citizen's contributions."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from resources.schemas.common import Day, Long, Short, WorkerId
from tukiverkko_common.fields import Input

ActivityKind = Literal["contact", "meeting", "request", "note"]


class ActivityCreate(Input):
    """One entry of the activity log: when, who, what, outcome."""

    occurred_on: Day
    worker_id: WorkerId | None = None
    kind: ActivityKind = "contact"
    what: Long | None = None
    outcome: Long | None = None


class ActivityRead(BaseModel):
    """An activity log entry; `what` and `outcome` are null once the person's data is erased."""

    id: UUID
    card_id: UUID
    occurred_on: date
    worker_id: str | None
    kind: str
    what: str | None
    outcome: str | None
    created_at: datetime


class ContributionCreate(Input):
    """A contribution a citizen gave (so nobody is asked too often)."""

    given_on: Day
    to_what: Short | None = None
    hours: float = Field(default=0.0, ge=0, le=24)


class ContributionRead(BaseModel):
    """A contribution as stored; `to_what` is null once the person's data is erased."""

    id: UUID
    card_id: UUID
    given_on: date
    to_what: str | None
    hours: float
