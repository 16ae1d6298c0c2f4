"""API model pieces the resources areas share: codes, worker ids, dates, places, times, pages.

The input base, instants and text rules every service shares are in `tukiverkko_common.fields`."""

import re
from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, model_validator

from resources.codes import COMPETENCES, LIFE_AREAS, TARGET_GROUPS
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.contracts.plans import WORKER_ID_PATTERN
from tukiverkko_common.fields import Input, Text

T = TypeVar("T")

EXAMPLE_WORKER_ID = "wrk_0193c6a1f5e87a2c9d1e4b7f60a3c2d8"
WorkerId = Annotated[
    str,
    Field(
        pattern=WORKER_ID_PATTERN,
        description="Opaque worker id: wrk_ and 32 hex digits, minted by the worker's organisation",
        examples=[EXAMPLE_WORKER_ID],
    ),
]
Short = Annotated[Text, Field(max_length=200)]
Long = Annotated[Text, Field(max_length=4000)]
Sector = Literal[
    "municipal", "third_sector", "private", "parish", "joint_authority", "informal_group"
]
LifeArea = Literal["housing", "mobility", "work", "leisure", "participation"]
assert set(LifeArea.__args__) == set(LIFE_AREAS)  # type: ignore[attr-defined]


def _known(codes: dict[str, Any], what: str) -> Any:
    def check(value: str) -> str:
        if value not in codes:
            raise ValueError(f"unknown {what} {value!r}; see GET /api/v1/vocabulary")
        return value

    return AfterValidator(check)


def _region(value: str) -> str:
    if value not in area_codes().regions:
        raise ValueError("unknown wellbeing region code")
    return value


def _district(value: str) -> str:
    if not area_codes().is_district(value):
        raise ValueError(f"unknown district code {value!r}")
    return value


Competence = Annotated[str, _known(COMPETENCES, "competence")]
TargetGroup = Annotated[str, _known(TARGET_GROUPS, "target group")]
Region = Annotated[str, Field(max_length=50), AfterValidator(_region)]
DistrictCode = Annotated[str, Field(max_length=60), AfterValidator(_district)]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: Any) -> Any:
    # pydantic would read 0 as 1970-01-01; a date must be written as one.
    if isinstance(value, str | int | float) and not (
        isinstance(value, str) and _ISO_DATE.match(value)
    ):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_date_only)]
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["18:00"])]


def districts_in_region(region: str, districts: list[str]) -> list[str]:
    """Raise when a district lies outside the region (its municipality's region)."""
    codes = area_codes()
    for district in districts:
        owner = next(
            (m.region for m in codes.municipalities.values() if district in m.districts), None
        )
        if owner != region:
            raise ValueError(f"district {district!r} is not in region {region!r}")
    return districts


class Availability(Input):
    """A weekly time window (Europe/Helsinki local time): weekday 1 = Monday … 7 = Sunday."""

    weekday: int = Field(ge=1, le=7)
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _ordered(self) -> "Availability":
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Contact(Input):
    """How to reach someone."""

    phone: Annotated[Text, Field(max_length=40)] | None = None
    email: Annotated[Text, Field(max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = (
        None
    )
    website: Annotated[Text, Field(max_length=300, pattern=r"^https?://\S+$")] | None = None


class Address(Input):
    """A street address with its coordinates (WGS84)."""

    street: Short
    postal_code: Annotated[str, Field(pattern=r"^\d{5}$")]
    post_office: Short
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class Offering(Input):
    """Something offered or needed, in Finnish (and Swedish), optionally in a life area."""

    name_fi: Short
    name_sv: Short | None = None
    description_fi: Long | None = None
    description_sv: Long | None = None
    life_area: LifeArea | None = None


class OfferingRead(BaseModel):
    """An offer or need as stored; `id` is the HSDS service id of an offer."""

    id: Any
    name_fi: str
    name_sv: str | None
    description_fi: str | None
    description_sv: str | None
    life_area: str | None


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` until it is null."""

    items: list[T]
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last page")
