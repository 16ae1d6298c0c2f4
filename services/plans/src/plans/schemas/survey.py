"""The regional survey (seed 002): aggregates only, small counts suppressed."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from tukiverkko_common.suppression import Cell


class SurveyRow(BaseModel):
    """One area: the region, a municipality, or a district of it (null: no district recorded)."""

    level: Literal["region", "municipality", "district"]
    municipality: str | None
    district: str | None
    clients: Cell
    phases: dict[str, Cell] = Field(description="Clients by current support phase (none: no phase)")
    life_areas: dict[str, Cell] = Field(description="Clients with a goal in the life area")
    service_types: dict[str, Cell] = Field(description="Clients with the agreed service in force")
    planned_hours: float | None = Field(description="The month's planned hours; null where hidden")
    delivered_hours: float | None = Field(
        description="The month's delivered hours; null where hidden"
    )


class Survey(BaseModel):
    """The size of the target group and its service needs by municipality and district."""

    region: str
    month: str
    as_of: date = Field(description="The day phases and services are counted on")
    threshold: int
    suppression: str
    rows: list[SurveyRow]
