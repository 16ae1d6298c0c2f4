"""API models of search and matching."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints, ValidationInfo, field_validator

from tukiverkko_common.fields import Input, Text

CardType = Literal["organisation", "citizen", "competence", "strength"]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_\-]{1,80}$")]
Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")]
"""Local (Europe/Helsinki) wall-clock time "HH:MM"; "24:00" ends the day."""
MAX_MATCHES = 50


class CardHit(BaseModel):
    """A card as a search or a match lists it: enough to choose, then open the card."""

    card_id: UUID
    card_type: str
    region: str
    sector: str | None
    title_fi: str
    title_sv: str
    districts: list[str]
    competences: list[str]
    updated_at: datetime


class SearchHit(CardHit):
    """A search result with its rank and, when a point was given, its distance."""

    rank: float = Field(
        description="Larger is better: text relevance (bm25 on SQLite, ts_rank on PostgreSQL); "
        "without text, minus the distance; else 0 (also on a page in `recent` order)"
    )
    distance_km: float | None = Field(description="Great-circle distance from `near`, when given")


class SearchPage(BaseModel):
    """One page of results, best first; pass `next_cursor` back as `cursor` until it is null."""

    items: list[SearchHit]
    order: Literal["relevance", "recent"] = Field(
        description="`relevance`: best rank first (or nearest, or by card without words or "
        "point). `recent`: the words match 1,000 cards or more, too many to rank on every "
        "search, so the matches are listed most recently created or changed first; more words "
        "narrow them down to a ranked list."
    )
    next_cursor: str | None


class Need(Input):
    """What a worker looks for: a life area, a district and a weekday window (local time)."""

    life_area: Code = Field(examples=["leisure"])
    district: Code = Field(examples=["kuusankoski"])
    weekday: int = Field(ge=1, le=7, description="1 = Monday … 7 = Sunday", examples=[2])
    start: Clock = Field(examples=["18:00"])
    end: Clock = Field(examples=["19:30"])
    competence: Code | None = Field(default=None, examples=["cooking"])
    text: Annotated[Text, StringConstraints(max_length=200)] | None = Field(
        default=None, description="Words to look for in the cards (any form)", examples=["uinti"]
    )
    card_type: CardType | None = None
    limit: int = Field(default=20, ge=1, le=MAX_MATCHES)

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: str, info: ValidationInfo) -> str:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError("must be after start")
        return end


class Score(BaseModel):
    """The points behind a match's rank (district 40, time 30, competence 20, text 10)."""

    district: float
    time: float
    competence: float
    text: float
    total: float


class MatchHit(CardHit):
    """A candidate for a need, with its points and the reasons in words."""

    score: Score
    reasons: dict[str, str] = Field(
        examples=[
            {
                "district": "same",
                "time": "available Tue 18:00–20:00 covers 18:00–19:30",
                "competence": "cooking",
                "text": "matched 'uinti'",
            }
        ]
    )


class MatchResult(BaseModel):
    """A need's candidates, best first."""

    items: list[MatchHit]
