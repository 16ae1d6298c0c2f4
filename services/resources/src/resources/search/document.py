"""What the search index knows of a card: built by `resources.service.indexing.search_document`."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class SearchDocument:
    """One card as the index sees it (personal text only while the person's consent is in force)."""

    card_id: UUID
    card_type: str
    """organisation, citizen, competence or strength."""
    region: str
    districts: tuple[str, ...]
    sector: str | None
    target_groups: tuple[str, ...]
    competences: tuple[str, ...]
    """Taxonomy codes."""
    life_areas: tuple[str, ...]
    title_fi: str
    title_sv: str
    text_fi: str
    """Names, descriptions, offers, needs, skills and interests joined."""
    text_sv: str
    availability: tuple[tuple[int, str, str], ...]
    """(weekday 1=Mon..7, "HH:MM", "HH:MM")."""
    latitude: float | None
    longitude: float | None
    holder_card_id: UUID | None
    updated_at: datetime
