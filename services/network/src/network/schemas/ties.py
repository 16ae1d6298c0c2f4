"""Tie API models: the person's ties to alters, and ties between alters."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from network.codes import AlterRole, Direction, Frequency, Quality, Strength, SupportType
from tukiverkko_common.fields import Input


class TieCreate(Input):
    """A tie from the person (no `from_alter_id`) or from an alter, to an alter of the same map."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "to_alter_id": "0193c6a2-b7d0-7e8f-9a6c-2e1d5b3f7a90",
                    "relationship": "neighbour",
                    "strength": "weak",
                    "quality": "supportive",
                    "direction": "receives",
                    "support_types": ["practical"],
                    "contact_frequency": "weekly",
                }
            ]
        },
    )

    from_alter_id: UUID | None = Field(
        default=None, description="null: the tie is the person's own; else an alter of this map"
    )
    to_alter_id: UUID
    relationship: AlterRole | None = None
    strength: Strength
    quality: Quality = Quality.supportive
    direction: Direction = Direction.mutual
    support_types: list[SupportType] = Field(default_factory=list, max_length=4)
    contact_frequency: Frequency | None = None


class TieUpdate(Input):
    """Change how strong, how good, which way and how often a tie is."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"strength": "strong"}]}
    )

    relationship: AlterRole | None = None
    strength: Strength | None = None
    quality: Quality | None = None
    direction: Direction | None = None
    support_types: list[SupportType] | None = Field(default=None, max_length=4)
    contact_frequency: Frequency | None = None


class TieRead(BaseModel):
    """A tie as the map holds it now."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    map_id: UUID
    client_id: UUID
    from_alter_id: UUID | None
    to_alter_id: UUID
    relationship: str | None
    strength: str
    quality: str
    direction: str
    support_types: list[str]
    contact_frequency: str | None
    created_at: datetime
    modified_at: datetime
