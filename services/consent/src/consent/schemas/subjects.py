"""API models of subjects: the people consents can be about."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from consent.codes import SubjectKind
from consent.models import Subject
from consent.schemas.examples import SUBJECT_CREATE
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.fields import Input


class SubjectCreate(Input):
    """Register a person consents can be about. Clients come from the plans service instead."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=SUBJECT_CREATE)

    subject_id: UUID | None = Field(default=None, description="Generated when absent")
    kind: Literal[
        SubjectKind.resource_file_citizen,
        SubjectKind.resource_file_partner,
        SubjectKind.contact_person,
    ]
    region: str | None = Field(
        default=None,
        max_length=50,
        description="The wellbeing region whose resource file the person is in (the gateway "
        "requires the caller's own region)",
    )

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        if value is not None and value not in area_codes().regions:
            raise ValueError("must be a wellbeing region code (e.g. kymenlaakso)")
        return value


class SubjectRead(BaseModel):
    """A subject the service knows."""

    subject_id: UUID
    kind: SubjectKind
    origin: Literal["plans", "api"]
    registered_at: datetime

    @classmethod
    def of(cls, subject: Subject) -> "SubjectRead":
        """Render a stored subject."""
        return cls(
            subject_id=subject.id,
            kind=subject.kind,
            origin=subject.origin,
            registered_at=subject.registered_at,
        )
