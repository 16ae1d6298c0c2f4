"""Districts of a region: resource finders, key persons, existing networks, field notes."""

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from resources.schemas.common import (
    Day,
    DistrictCode,
    Long,
    Region,
    Short,
    WorkerId,
    districts_in_region,
)
from tukiverkko_common.fields import Input

NetworkKind = Literal["time_bank", "neighbourhood_network", "club", "other"]


class _InDistrict(Input):
    region: Region
    district: DistrictCode

    @model_validator(mode="after")
    def _district_in_region(self) -> Any:
        districts_in_region(self.region, [self.district])
        return self


class DistrictAssignment(_InDistrict):
    """Who finds resources in a district and who its key persons are (replaces the old lists)."""

    finder_worker_ids: list[WorkerId] = Field(default_factory=list, max_length=50)
    key_person_card_ids: list[UUID] = Field(default_factory=list, max_length=100)


class NetworkCreate(_InDistrict):
    """An existing network of the district: a time bank, a neighbourhood network, a club."""

    name: Short
    kind: NetworkKind
    card_ids: list[UUID] = Field(default_factory=list, max_length=200)


class NoteCreate(_InDistrict):
    """A short dated field note."""

    noted_on: Day
    worker_id: WorkerId | None = None
    text: Long


class NetworkRead(BaseModel):
    id: UUID
    district_code: str
    name: str
    kind: str
    card_ids: list[str]


class NoteRead(BaseModel):
    id: UUID
    district_code: str
    noted_on: date
    worker_id: str | None
    text: str
    created_at: datetime


class DistrictRead(BaseModel):
    """A district of the region with what is known of it."""

    code: str
    region: str
    name_fi: str
    name_sv: str
    finder_worker_ids: list[str]
    key_person_card_ids: list[str]
    networks: list[NetworkRead]
    notes: list[NoteRead] = Field(description="The latest field notes, newest first")
