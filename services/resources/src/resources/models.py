"""Tables of the resources service: the four kinds of card, their activity logs, offers and
contributions, the districts' own records, and the local mirror of inclusion consents.

One `cards` table holds every kind of card (organisation, citizen, competence, strength): the
columns every kind shares are columns (so lists, search and statistics filter on them), the
kind's own details are a JSON document. A card about a natural person carries the person's
consent `subject_id` (competence and strength cards copy their citizen holder's), so that
masking and erasure are one query on one column.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from tukiverkko_common.clock import utcnow
from tukiverkko_common.columns import UtcDateTime
from tukiverkko_common.ids import new_id
from tukiverkko_common.tables import define_messaging_tables, service_metadata

metadata = service_metadata()
messaging = define_messaging_tables(metadata)


class ResourcesTable(SQLModel, registry=registry(metadata=metadata)):
    """Base of this service's tables."""


def json_list() -> Any:
    """Return a non-null JSON list field."""
    return Field(default_factory=list, sa_type=JSON, nullable=False)


def stamp(**kw: Any) -> Any:
    """Return a UTC timestamp field defaulting to now."""
    return Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False, **kw)


def optional_stamp() -> Any:
    """Return a nullable UTC timestamp field."""
    return Field(default=None, sa_type=UtcDateTime, nullable=True)


class Card(ResourcesTable, table=True):
    """A card of the resource file."""

    __tablename__ = "cards"
    __table_args__ = (
        Index("ix_cards_region_type", "region", "card_type", "status"),
        Index("ix_cards_modified", "updated_at", "id"),
        Index("ix_cards_subject", "subject_id"),
        Index("ix_cards_holder", "holder_card_id"),
        Index("ix_cards_responsible", "responsible_worker_id"),
        UniqueConstraint("external_source", "external_id", name="uq_cards_external"),
    )

    id: UUID = Field(default_factory=new_id, primary_key=True)
    card_type: str = Field(sa_type=String(20))
    region: str = Field(sa_type=String(50))
    owner_organisation_id: UUID
    status: str = Field(default="active", sa_type=String(20))
    """active, archived or suppressed (the person's inclusion consent ended)."""
    holder_card_id: UUID | None = None
    """The organisation or citizen card a competence or strength card belongs to."""
    subject_id: UUID | None = None
    """The consent subject the card is about (citizen cards and what they hold); else null."""
    sector: str | None = Field(default=None, sa_type=String(30))
    business_id: str | None = Field(default=None, sa_type=String(9))
    name_fi: str | None = Field(default=None, sa_type=String(300))
    name_sv: str | None = Field(default=None, sa_type=String(300))
    districts: list[str] = json_list()
    target_groups: list[str] = json_list()
    competences: list[str] = json_list()
    """Taxonomy codes: the competence card's own code, or an organisation's fields."""
    life_areas: list[str] = json_list()
    latitude: float | None = None
    longitude: float | None = None
    responsible_worker_id: str | None = Field(default=None, sa_type=String(40))
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)
    """The kind's own fields (contact, address, availability, skills, …), as its schema says."""
    external_source: str | None = Field(default=None, sa_type=String(60))
    external_id: str | None = Field(default=None, sa_type=String(100))
    """Where an imported card came from (`ptv:<region>` and the PTV id), for idempotent re-imports;
    the region is part of the source, so one region's import never touches another's cards."""
    created_at: datetime = stamp()
    updated_at: datetime = stamp()
    archived_at: datetime | None = optional_stamp()
    suppressed_at: datetime | None = optional_stamp()
    last_contact_on: date | None = None
    """The latest date in the card's activity log."""
    stale_notified_at: datetime | None = optional_stamp()


class Offer(ResourcesTable, table=True):
    """Something an organisation offers, or needs (seed 004's win-win), with fi/sv text."""

    __tablename__ = "offers"
    __table_args__ = (
        Index("ix_offers_card", "card_id", "position"),
        Index("ix_offers_modified", "updated_at", "id"),
        UniqueConstraint("card_id", "external_id", name="uq_offers_card_external"),
    )

    id: UUID = Field(default_factory=new_id, primary_key=True)
    card_id: UUID = Field(foreign_key="cards.id")
    direction: str = Field(sa_type=String(10))
    """offer or need."""
    position: int = 0
    name_fi: str = Field(sa_type=String(300))
    name_sv: str | None = Field(default=None, sa_type=String(300))
    description_fi: str | None = Field(default=None, sa_type=Text)
    description_sv: str | None = Field(default=None, sa_type=Text)
    life_area: str | None = Field(default=None, sa_type=String(20))
    external_id: str | None = Field(default=None, sa_type=String(100))
    updated_at: datetime = stamp()


class Activity(ResourcesTable, table=True):
    """One entry of a card's activity log: date, worker, what, outcome."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_card", "card_id", "occurred_on"),)

    id: UUID = Field(default_factory=new_id, primary_key=True)
    card_id: UUID = Field(foreign_key="cards.id")
    occurred_on: date
    worker_id: str | None = Field(default=None, sa_type=String(40))
    kind: str = Field(sa_type=String(20))
    """contact, meeting, request, note: a code that survives erasure (the text does not)."""
    what: str | None = Field(default=None, sa_type=Text)
    outcome: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = stamp()


class Contribution(ResourcesTable, table=True):
    """A contribution a citizen already gave (so nobody is asked too often)."""

    __tablename__ = "contributions"
    __table_args__ = (Index("ix_contributions_card", "card_id", "given_on"),)

    id: UUID = Field(default_factory=new_id, primary_key=True)
    card_id: UUID = Field(foreign_key="cards.id")
    given_on: date
    to_what: str | None = Field(default=None, sa_type=Text)
    hours: float = 0.0
    created_at: datetime = stamp()


class InclusionConsent(ResourcesTable, table=True):
    """The local mirror of a consent for purpose `resource_file_inclusion`, fed by consent events.

    Reads mask a person's data unless one of their rows is active and in force *now*, so an
    expiry takes effect at its instant even before the expiry event arrives.
    """

    __tablename__ = "inclusion_consents"
    __table_args__ = (Index("ix_inclusion_consents_subject", "subject_id", "status"),)

    consent_id: UUID = Field(primary_key=True)
    subject_id: UUID
    status: str = Field(sa_type=String(20))
    """active, withdrawn or expired (the last two are final)."""
    valid_from: datetime = Field(sa_type=UtcDateTime, nullable=False)
    valid_until: datetime | None = optional_stamp()
    updated_at: datetime = stamp()


class District(ResourcesTable, table=True):
    """A district of the region with its resource finders and key persons."""

    __tablename__ = "districts"

    code: str = Field(primary_key=True, sa_type=String(60))
    region: str = Field(sa_type=String(50), index=True)
    finder_worker_ids: list[str] = json_list()
    key_person_card_ids: list[str] = json_list()
    updated_at: datetime = stamp()


class DistrictNetwork(ResourcesTable, table=True):
    """An existing network of a district: a time bank, a neighbourhood network, a club."""

    __tablename__ = "district_networks"

    id: UUID = Field(default_factory=new_id, primary_key=True)
    district_code: str = Field(sa_type=String(60), index=True)
    region: str = Field(sa_type=String(50))
    name: str = Field(sa_type=String(300))
    kind: str = Field(sa_type=String(30))
    card_ids: list[str] = json_list()
    updated_at: datetime = stamp()


class DistrictNote(ResourcesTable, table=True):
    """A short dated field note about a district."""

    __tablename__ = "district_notes"

    id: UUID = Field(default_factory=new_id, primary_key=True)
    district_code: str = Field(sa_type=String(60), index=True)
    region: str = Field(sa_type=String(50))
    noted_on: date
    worker_id: str | None = Field(default=None, sa_type=String(40))
    text: str = Field(sa_type=Text)
    created_at: datetime = stamp()
