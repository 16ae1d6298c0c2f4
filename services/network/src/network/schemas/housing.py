"""Housing network API models: networks, the coordinator, apartments, residents, partners, interactions."""

import re
from datetime import date, datetime, time
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from tukiverkko_common.contracts.plans import WORKER_ID_PATTERN
from tukiverkko_common.fields import Input

ABSENT: Any = None
"""Default of a PATCH field: absent means unchanged (`exclude_unset`)."""


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")


def _written(pattern: re.Pattern[str], what: str) -> Any:
    def check(value: Any) -> Any:
        # pydantic would read 0 as 1970-01-01 (or 00:00:00): a date or a time is written as one.
        if isinstance(value, str | int | float) and not (
            isinstance(value, str) and pattern.match(value)
        ):
            raise ValueError(f"must be {what}")
        return value

    return BeforeValidator(check)


Day = Annotated[date, _written(_ISO_DATE, "a date written YYYY-MM-DD")]
ClockTime = Annotated[time, _written(_CLOCK, "a time written HH:MM")]
Number = Annotated[float, Field(strict=True)]
"""A JSON number (a numeric string is refused, as the schema says)."""
Count = Annotated[int, Field(strict=True)]

EXAMPLE_WORKER = "wrk_0193c6a1f5e87a2c9d1e4b7f60a3c2d8"
EXAMPLE_ORG = "0193c6a1-0000-7000-8000-00000000a001"
WorkerId = Field(
    pattern=WORKER_ID_PATTERN,
    description="An opaque worker id registered by the worker's organisation",
    examples=[EXAMPLE_WORKER],
)
OwnerKind = Literal[
    "wellbeing_region", "municipality", "housing_company", "third_sector", "private_landlord"
]
CardKind = Literal["organisation", "citizen"]
InteractionKind = Literal["company", "practical_help", "shared_activity", "conflict"]
Frequency = Literal["daily", "weekly", "monthly", "rarely"]


class NetworkCreate(Input):
    """Set up a housing network in the caller's own wellbeing region."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Kuusankosken asuntoverkosto",
                    "region": "kymenlaakso",
                    "municipality": "286",
                    "districts": ["kuusankoski"],
                    "producer_organisation_ids": [EXAMPLE_ORG],
                }
            ]
        },
    )

    name: str = Field(min_length=1, max_length=120)
    region: str = Field(max_length=50, description="Wellbeing region code (area_codes.json)")
    municipality: str = Field(pattern=r"^\d{3}$", description="Municipality code in the region")
    districts: list[str] = Field(default_factory=list, max_length=20)
    producer_organisation_ids: list[UUID] = Field(default_factory=list, max_length=20)


class NetworkUpdate(Input):
    """Change a network's name, districts or producers."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"districts": ["kuusankoski", "jaala"]}]}
    )

    name: str = Field(default=ABSENT, min_length=1, max_length=120)
    districts: list[str] = Field(default=ABSENT, max_length=20)
    producer_organisation_ids: list[UUID] = Field(default=ABSENT, max_length=20)


class CoordinatorAssign(Input):
    """Give the area coordinator role to a registered worker of an organisation from a date."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "worker_id": EXAMPLE_WORKER,
                    "organisation_id": EXAMPLE_ORG,
                    "from_on": "2025-03-01",
                }
            ]
        },
    )

    worker_id: str = WorkerId
    organisation_id: UUID
    from_on: Day


class CoordinatorRead(BaseModel):
    """A term of the network's area coordinator."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    network_id: UUID
    worker_id: str
    organisation_id: UUID
    from_on: date
    to_on: date | None


class NetworkRead(BaseModel):
    """A housing network with its current coordinator."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str
    region: str
    municipality: str
    districts: list[str]
    producer_organisation_ids: list[UUID]
    owner_organisation_id: UUID
    coordinator_worker_id: str | None
    coordinator_organisation_id: UUID | None
    created_at: datetime
    modified_at: datetime


class ApartmentCreate(Input):
    """An ordinary apartment of the network."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "address": "Kauppalankatu 5 B 12",
                    "postal_code": "45700",
                    "latitude": 60.9069,
                    "longitude": 26.6252,
                    "housing_unit_code": "286-0042-B12",
                    "owner_kind": "housing_company",
                }
            ]
        },
    )

    address: str = Field(min_length=1, max_length=200)
    postal_code: str = Field(pattern=r"^\d{5}$")
    latitude: Number = Field(ge=59.0, le=70.5, description="WGS84; Finland's extent")
    longitude: Number = Field(ge=19.0, le=31.6, description="WGS84; Finland's extent")
    housing_unit_code: str = Field(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z-]+$")
    owner_kind: OwnerKind
    owner_organisation_id: UUID | None = None


class ApartmentRead(BaseModel):
    """An apartment of a network."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    network_id: UUID
    address: str
    postal_code: str
    latitude: float
    longitude: float
    housing_unit_code: str
    owner_kind: str
    owner_organisation_id: UUID | None
    modified_at: datetime


class ResidencyCreate(Input):
    """A client of the plans service moves into the network (one network at a time)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"client_id": "0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2d8", "moved_in_on": "2025-03-01"}
            ]
        },
    )

    client_id: UUID
    apartment_id: UUID | None = None
    moved_in_on: Day
    moved_out_on: Day | None = None


class MoveOut(Input):
    """The residency's last day."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"moved_out_on": "2025-09-30"}]}
    )

    moved_out_on: Day


class ResidencyRead(BaseModel):
    """A client's residency in a network."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    network_id: UUID
    client_id: UUID
    apartment_id: UUID | None
    moved_in_on: date
    moved_out_on: date | None


class PartnerCreate(Input):
    """A resource card (an organisation or a citizen) takes part in the network."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "resource_card_id": "0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2d9",
                    "card_kind": "organisation",
                    "joined_on": "2025-03-01",
                }
            ]
        },
    )

    resource_card_id: UUID
    card_kind: CardKind
    joined_on: Day


class PartnerLeave(Input):
    """The partner's last day in the network."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"left_on": "2025-12-31"}]}
    )

    left_on: Day


class PartnerRead(BaseModel):
    """A partner of the network."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    network_id: UUID
    resource_card_id: UUID
    card_kind: str
    joined_on: date
    left_on: date | None


class InteractionCreate(Input):
    """Two residents were seen to interact (recorded, never assumed from living close)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "client_id": "0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2d8",
                    "other_client_id": "0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2da",
                    "kind": "company",
                    "frequency": "weekly",
                    "observed_on": "2025-04-10",
                }
            ]
        },
    )

    client_id: UUID
    other_client_id: UUID
    kind: InteractionKind
    frequency: Frequency
    observed_on: Day


class InteractionRead(BaseModel):
    """A recorded interaction between two residents."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    network_id: UUID
    client_id: UUID
    other_client_id: UUID
    kind: str
    frequency: str
    observed_on: date
