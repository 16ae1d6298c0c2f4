"""Network events. Produced by: network service. Keyed by the client (maps) or the district.

Payloads carry ids, codes, dates and counts; never an alter's label, a name or free text.
Districts are codes from the list in `tukiverkko_common/area_codes.json`.
"""

from datetime import date
from typing import ClassVar, Literal
from uuid import UUID

from tukiverkko_common.events import EventData, contract

TOPIC = "tukiverkko.network"
TOPIC_DESCRIPTION = (
    "Network maps: personal maps changed, snapshots taken, personal and district analyses done"
)


class _NetworkEvent(EventData):
    topic: ClassVar[str] = TOPIC


@contract
class NetworkMapChanged(_NetworkEvent):
    """A personal network map was created, changed or deleted (counts after the change)."""

    event_type: ClassVar[str] = "fi.tukiverkko.network.map_changed.v1"
    client_id: UUID
    map_id: UUID
    change: Literal[
        "map_created",
        "map_changed",
        "map_deleted",
        "alter_added",
        "alter_changed",
        "alter_removed",
        "tie_added",
        "tie_changed",
        "tie_removed",
        "alter_anonymised",
    ]
    alter_count: int
    tie_count: int
    district: str | None = None


@contract
class NetworkSnapshotTaken(_NetworkEvent):
    """A dated snapshot of a personal map was kept for later comparison."""

    event_type: ClassVar[str] = "fi.tukiverkko.network.snapshot_taken.v1"
    client_id: UUID
    map_id: UUID
    snapshot_id: UUID
    taken_on: date
    alter_count: int
    tie_count: int


@contract
class PersonalNetworkAnalysed(_NetworkEvent):
    """A personal map's metrics were computed (aggregates only)."""

    event_type: ClassVar[str] = "fi.tukiverkko.network.personal_analysed.v1"
    client_id: UUID
    map_id: UUID
    size: int
    density: float
    effective_size: float
    constraint: float | None
    isolated_alters: int


@contract
class DistrictNetworkAnalysed(_NetworkEvent):
    """A district's network was analysed (counts only; no node is named)."""

    event_type: ClassVar[str] = "fi.tukiverkko.network.district_analysed.v1"
    region: str
    district: str
    nodes: int
    ties: int
    communities: int
    isolates: int
    articulation_points: int
    bridges: int
    approximate_betweenness: bool
