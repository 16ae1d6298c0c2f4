"""Client API models."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from plans.codes import CommunicationSupport, Language
from plans.schemas.common import ABSENT
from tukiverkko_common.fields import Input

Municipality = Field(
    pattern=r"^\d{3}$",
    description="Statistics Finland municipality code, e.g. 286 Kouvola; must lie in the region",
)
Region = Field(
    pattern=r"^[a-z][a-z0-9-]{1,49}$",
    description="Wellbeing region code, e.g. kymenlaakso (helsinki for the City of Helsinki)",
)
District = Field(
    default=None, min_length=1, max_length=100, description="District (asuinalue) code or name"
)


class ClientCreate(Input):
    """A new client; the identity code is validated (format, century sign, date, check character)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "personal_identity_code": "010190-900K",
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
        min_length=1, max_length=20, description="Henkilötunnus, e.g. 010190-900K"
    )
    languages: list[Language] = Field(min_length=1, max_length=3)
    communication_support: list[CommunicationSupport] = Field(default_factory=list, max_length=7)
    communication_support_note: str | None = Field(default=None, max_length=1000)
    municipality: str = Municipality
    district: str | None = District
    region: str = Region


class ClientUpdate(Input):
    """Change a client's languages, communication support, municipality or district.

    The identity code and the organising region never change. Fields a client always has may
    be left out but not set to null.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"languages": ["sv", "fi"], "district": "pargas-centrum"}]},
    )

    languages: list[Language] = Field(default=ABSENT, min_length=1, max_length=3)
    communication_support: list[CommunicationSupport] = Field(default=ABSENT, max_length=7)
    communication_support_note: str | None = Field(default=None, max_length=1000)
    municipality: str = Field(default=ABSENT, pattern=r"^\d{3}$")
    district: str | None = Field(default=None, min_length=1, max_length=100)


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
    created_at: datetime
    modified_at: datetime
