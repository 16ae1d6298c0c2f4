"""Client API models."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from plans.codes import CommunicationSupport, Language
from plans.schemas.common import ABSENT
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.fields import Input


def _known_region(value: str | None) -> str | None:
    if value is not None and value not in area_codes().regions:
        raise ValueError("is not a wellbeing region code from the list, e.g. kymenlaakso")
    return value


def _known_district(value: str | None) -> str | None:
    # A district travels in events to every dashboard: only listed codes, never typed text.
    if value is not None and not area_codes().is_district(value):
        raise ValueError("is not a district code from the municipality's list")
    return value


RegionCode = Annotated[str, AfterValidator(_known_region)]
DistrictCode = Annotated[str, AfterValidator(_known_district)]

Municipality = Field(
    pattern=r"^\d{3}$",
    description="Statistics Finland municipality code, e.g. 286 Kouvola; must lie in the region",
)
Region = Field(
    pattern=r"^[a-z][a-z0-9-]{1,49}$",
    description="Wellbeing region code, e.g. kymenlaakso (helsinki for the City of Helsinki)",
)
HousingUnitCode = Field(
    default=None,
    pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$",
    description="The landlord's code of the client's apartment, as in its rent ledger "
    "(vuokrareskontra), e.g. KVA-0042; never published in events",
    examples=["KVA-0042"],
)
District = Field(
    default=None,
    max_length=100,
    description="District (asuinalue) code from the municipality's list, e.g. kouvola-keskusta",
)


class ClientCreate(Input):
    """A new client; the identity code is validated (format, century sign, date, check character)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "personal_identity_code": "010190-900P",
                    "languages": ["fi"],
                    "communication_support": ["plain_language"],
                    "municipality": "286",
                    "district": "kouvola-keskusta",
                    "region": "kymenlaakso",
                }
            ]
        },
    )

    personal_identity_code: str = Field(
        min_length=1, max_length=20, description="Henkilötunnus, e.g. 010190-900P"
    )
    languages: list[Language] = Field(min_length=1, max_length=3)
    communication_support: list[CommunicationSupport] = Field(default_factory=list, max_length=7)
    communication_support_note: str | None = Field(default=None, max_length=1000)
    municipality: str = Municipality
    district: DistrictCode | None = District
    region: RegionCode = Region
    housing_unit_code: str | None = HousingUnitCode

    @field_validator("district")
    @classmethod
    def _district_in_municipality(cls, value: str | None, info: ValidationInfo) -> str | None:
        municipality = info.data.get("municipality")
        if value is not None and not area_codes().is_district_of(municipality, value):
            raise ValueError(f"{value} is not a district of municipality {municipality}")
        return value


class ClientUpdate(Input):
    """Change a client's languages, communication support, municipality or district.

    The identity code and the organising region never change. Fields a client always has may
    be left out but not set to null.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"languages": ["sv", "fi"], "district": "kuusankoski"}]},
    )

    languages: list[Language] = Field(default=ABSENT, min_length=1, max_length=3)
    communication_support: list[CommunicationSupport] = Field(default=ABSENT, max_length=7)
    communication_support_note: str | None = Field(default=None, max_length=1000)
    municipality: str = Field(default=ABSENT, pattern=r"^\d{3}$")
    district: DistrictCode | None = Field(default=None, max_length=100)
    housing_unit_code: str | None = HousingUnitCode


class ClientRead(BaseModel):
    """A client; the identity code is masked unless `include=identity` was asked for."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    client_id: UUID
    personal_identity_code: str = Field(description="Masked (DDMMYY-****) unless include=identity")
    identity_masked: bool
    languages: list[str]
    communication_support: list[str]
    communication_support_note: str | None
    municipality: str
    district: str | None
    region: str
    housing_unit_code: str | None = None
    created_at: datetime
    modified_at: datetime
