"""Personal network map API models."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from tukiverkko_common.fields import Input

REGION = Field(max_length=50, description="Wellbeing region code (area_codes.json)")
DISTRICT = Field(
    default=None,
    max_length=60,
    description="District code of the client's home area (area_codes.json); joins district analysis",
)


class MapCreate(Input):
    """Start a personal network map of a client (the person at the centre)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "client_id": "0193c6a1-f5e8-7a2c-9d1e-4b7f60a3c2d8",
                    "region": "kymenlaakso",
                    "district": "kuusankoski",
                }
            ]
        },
    )

    client_id: UUID
    region: str = REGION
    district: str | None = DISTRICT


class MapUpdate(Input):
    """Move the map to another district (or none)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"district": "valkeala"}]}
    )

    district: str | None = DISTRICT


class MapRead(BaseModel):
    """A personal network map (its alters and ties are listed under it)."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    client_id: UUID
    region: str
    district: str | None
    created_by_organisation: UUID
    created_at: datetime
    modified_at: datetime
