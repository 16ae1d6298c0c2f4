"""Self-monitoring plan API models: a generated version and its content."""

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class VersionMeta(BaseModel):
    """A generated version of the network's self-monitoring plan."""

    model_config = ConfigDict(from_attributes=True)

    network_id: UUID
    version: int
    content_hash: str = Field(description="SHA-256 of the content's canonical JSON")
    generated_at: datetime
    generated_by_organisation: UUID


class Generated(VersionMeta):
    """The result of generating: the latest version, and whether this call made it."""

    new_version: bool = Field(description="False when the content had not changed since the latest")


class VersionRead(VersionMeta):
    """A version with the content it was generated from."""

    content: dict[str, Any]
