"""Snapshot and comparison API models."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from network.schemas.common import Day
from tukiverkko_common.fields import Input


class SnapshotCreate(Input):
    """Keep the map as it is now, dated and labelled ("before moving in")."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"label": "Ennen muuttoa", "taken_on": "2026-01-15"}]},
    )

    label: str = Field(min_length=1, max_length=120)
    taken_on: Day | None = Field(default=None, description="Defaults to today (Europe/Helsinki)")


class SnapshotRead(BaseModel):
    """A snapshot: the map's alters and ties as they were, and their metrics."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    map_id: UUID
    client_id: UUID
    label: str
    taken_on: date
    taken_by_organisation: UUID
    alters: list[dict[str, Any]]
    ties: list[dict[str, Any]]
    created_at: datetime
    modified_at: datetime


class SnapshotSummary(BaseModel):
    """A snapshot in a list (without its content)."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    map_id: UUID
    client_id: UUID
    label: str
    taken_on: date
    created_at: datetime
    modified_at: datetime


class TieChanges(BaseModel):
    added: list[dict[str, Any]]
    broken: list[dict[str, Any]] = Field(description="Removed, or turned `broken`")
    strengthened: list[dict[str, Any]]
    weakened: list[dict[str, Any]]
    quality_changed: list[dict[str, Any]]


class ComparisonRead(BaseModel):
    """What changed between two states of a map, and the summary in fi, sv and en."""

    before: str = Field(description="Snapshot id")
    after: str = Field(description="Snapshot id, or `current` for the map as it is now")
    alters_added: list[dict[str, Any]]
    alters_removed: list[dict[str, Any]]
    ties: TieChanges
    metrics: dict[str, dict[str, Any]]
    summary: dict[str, str]
