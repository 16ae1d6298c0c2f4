"""Tables of the network service: personal network maps, their alters and ties, snapshots.

Every row of a map carries the map's `client_id`, so ownership answers without a join. A map is
about one client of the plans service, known here by id only.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from tukiverkko_common.clock import utcnow
from tukiverkko_common.columns import UtcDateTime
from tukiverkko_common.ids import new_id
from tukiverkko_common.tables import define_messaging_tables, service_metadata

metadata = service_metadata()
messaging = define_messaging_tables(metadata)


class NetworkTable(SQLModel, registry=registry(metadata=metadata)):
    """Base of this service's tables."""


class Tracked(NetworkTable):
    """Columns every row has."""

    id: UUID = Field(default_factory=new_id, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    modified_at: datetime = Field(
        default_factory=utcnow, sa_type=UtcDateTime, nullable=False, index=True
    )


def json_list() -> Any:
    """Return a JSON list field."""
    return Field(default_factory=list, sa_type=JSON, nullable=False)


class NetworkMap(Tracked, table=True):
    """A personal network map: the client at the centre, alters and ties around."""

    __tablename__ = "network_maps"
    __table_args__ = (Index("ix_network_maps_area", "region", "district"),)

    client_id: UUID = Field(index=True)
    region: str = Field(sa_type=String(50))
    district: str | None = Field(default=None, sa_type=String(60))
    created_by_organisation: UUID


class Alter(Tracked, table=True):
    """Someone (a person or an organisation) in the client's network."""

    __tablename__ = "alters"

    map_id: UUID = Field(foreign_key="network_maps.id", index=True)
    client_id: UUID
    kind: str = Field(sa_type=String(20))
    sector: str = Field(sa_type=String(40))
    role: str = Field(sa_type=String(40))
    """A code from `AlterRole`: the minimal description that identifies nobody."""
    resource_card_id: UUID | None = Field(default=None, index=True)
    label: str | None = Field(default=None, sa_type=String(120))
    """A name or other free text: only while `label_consent_id`'s consent is in force."""
    label_consent_id: UUID | None = Field(default=None, index=True)
    label_subject_id: UUID | None = None


class Tie(Tracked, table=True):
    """A tie from the person (`from_alter_id` null) or an alter to another alter."""

    __tablename__ = "ties"

    map_id: UUID = Field(foreign_key="network_maps.id", index=True)
    client_id: UUID
    from_alter_id: UUID | None = Field(default=None, foreign_key="alters.id")
    to_alter_id: UUID = Field(foreign_key="alters.id")
    relationship: str | None = Field(default=None, sa_type=String(40))
    strength: str = Field(sa_type=String(10))
    quality: str = Field(sa_type=String(20))
    direction: str = Field(sa_type=String(10))
    support_types: list[str] = json_list()
    contact_frequency: str | None = Field(default=None, sa_type=String(10))


class Snapshot(Tracked, table=True):
    """A dated, labelled, immutable copy of a map (erasure of withdrawn labels excepted)."""

    __tablename__ = "snapshots"

    map_id: UUID = Field(foreign_key="network_maps.id", index=True)
    client_id: UUID
    label: str = Field(sa_type=String(120))
    taken_on: date
    taken_by_organisation: UUID
    alters: list[dict[str, Any]] = json_list()
    ties: list[dict[str, Any]] = json_list()


class AlterReference(NetworkTable, table=True):
    """Which maps ever held an alter resting on a consent or linked to a resource card.

    Kept when the alter goes, because snapshots still hold it: a withdrawal or a card's
    suppression finds every map (and so every snapshot) to clean through this table.
    """

    __tablename__ = "alter_references"
    __table_args__ = (Index("ix_alter_references_ref", "ref_kind", "ref_id"),)

    id: UUID = Field(default_factory=new_id, primary_key=True)
    ref_kind: str = Field(sa_type=String(20))
    """`consent` or `card`."""
    ref_id: UUID
    map_id: UUID = Field(foreign_key="network_maps.id")


# The housing networks' tables live in their own module and join this metadata on import.
import network.models_housing  # noqa: E402, F401
