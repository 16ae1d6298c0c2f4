"""Stale cards and statistics."""

from pydantic import BaseModel

from resources.schemas.cards import CardRead


class StaleCardRead(BaseModel):
    """A card due for care: how long unchanged, how long since the last contact (null: never)."""

    card: CardRead
    unchanged_days: int
    uncontacted_days: int | None


class CountRow(BaseModel):
    """How many cards of a type have a status in a district (`district` null: no district)."""

    card_type: str
    status: str
    district: str | None
    count: int


class StatisticsRead(BaseModel):
    """Counts of cards, suppressed ones included (they still tell that a card existed)."""

    total: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    by_district: dict[str, int]
    rows: list[CountRow]
