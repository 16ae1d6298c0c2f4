"""Analysis API models: a personal map's metrics and a district's network analysis."""

from typing import Any

from pydantic import BaseModel, Field


class PersonalAnalysisRead(BaseModel):
    """Metrics of a personal map (broken ties are counted under qualities only)."""

    map_id: str
    size: int = Field(description="Alters in the map")
    person_ties: int = Field(description="The person's ties that are not broken")
    alter_ties: int = Field(description="Ties between alters that are not broken")
    density: float | None = Field(description="Ties between alters / possible pairs of alters")
    sectors: dict[str, int]
    strengths: dict[str, int] = Field(description="The person's ties by strength")
    qualities: dict[str, int] = Field(description="The person's ties by quality")
    effective_size: float | None = Field(description="Burt's effective size of the person")
    constraint: float | None = Field(description="Burt's constraint of the person")
    isolated_alters: list[str] = Field(description="Alters with no tie to another alter")
    components_without_person: list[int] = Field(
        description="Sizes of the groups the alters form when the person is taken away"
    )


class DistrictAnalysisRead(BaseModel):
    """A district's network: key persons, bottlenecks, isolates, communities.

    Residents and alters without a resource card are numbered per answer (`resident:3`); only
    resource cards and activities are named by their ids.
    """

    region: str
    district: str
    nodes: int
    ties: int
    kinds: dict[str, int]
    key_persons: dict[str, list[dict[str, Any]]] = Field(
        description="Top nodes by degree, betweenness and eigenvector centrality"
    )
    betweenness_method: dict[str, Any] = Field(
        description="exact, or approximate with the method, sample size and threshold"
    )
    articulation_points: dict[str, Any]
    bridges: dict[str, Any]
    isolates: dict[str, Any]
    communities: dict[str, Any]
