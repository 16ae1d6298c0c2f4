"""Resource-file events. Produced by: resources service. Keyed by the card id.

Payloads carry the card's id, type, wellbeing region and district codes only: never a name,
contact detail, subject id or free text, so that a card about a person reveals nothing once
its personal data is erased.
"""

from typing import ClassVar
from uuid import UUID

from pydantic import Field

from tukiverkko_common.events import EventData, contract

TOPIC = "tukiverkko.resources"
TOPIC_DESCRIPTION = "District resource file: cards created, updated, archived, suppressed (personal data erased), stale"

CARD_TYPES = ("organisation", "citizen", "competence", "strength")
"""The four kinds of card."""


class _CardEvent(EventData):
    topic: ClassVar[str] = TOPIC

    card_id: UUID
    card_type: str
    """organisation, citizen, competence or strength."""
    region: str
    """Wellbeing region code."""
    districts: list[str] = Field(default_factory=list)
    """District codes from `tukiverkko_common/area_codes.json`."""


@contract
class CardCreated(_CardEvent):
    """A card joined the resource file."""

    event_type: ClassVar[str] = "fi.tukiverkko.resources.card.created.v1"


@contract
class CardUpdated(_CardEvent):
    """A card, its competences, strengths, availability or districts changed."""

    event_type: ClassVar[str] = "fi.tukiverkko.resources.card.updated.v1"


@contract
class CardArchived(_CardEvent):
    """A card left the resource file (kept for history and statistics)."""

    event_type: ClassVar[str] = "fi.tukiverkko.resources.card.archived.v1"


@contract
class CardSuppressed(_CardEvent):
    """The person's inclusion consent ended: the card's personal data was erased."""

    event_type: ClassVar[str] = "fi.tukiverkko.resources.card.suppressed.v1"
    reason: str
    """consent_withdrawn or consent_expired."""


@contract
class CardStale(_CardEvent):
    """A card went unchanged or uncontacted for longer than the configured period."""

    event_type: ClassVar[str] = "fi.tukiverkko.resources.card.stale.v1"
    unchanged_days: int
    uncontacted_days: int | None = None
    """None when the card has no contact in its activity log."""
