"""Use cases of search and matching: read-only, over the index the card use cases keep."""

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from resources.repository import matching as match_repo
from resources.repository import search_sql as search_repo
from resources.repository.search import SearchFilters
from resources.schemas.search import (
    MatchHit,
    MatchResult,
    Need,
    Score,
    SearchHit,
    SearchPage,
)
from resources.search.index import minutes
from tukiverkko_common.paging import decode_rank_cursor, encode_rank_cursor

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CARD_FIELDS = (
    "card_id",
    "card_type",
    "region",
    "sector",
    "title_fi",
    "title_sv",
    "districts",
    "competences",
    "updated_at",
)


def _card(row: Any) -> dict[str, Any]:
    # Hits are built with model_construct: the values are the index's own typed columns (UUID,
    # lists, aware datetimes, floats), so validating them again would only cost time.
    return {name: getattr(row, name) for name in CARD_FIELDS}


async def search_cards(
    session: AsyncSession, *, filters: SearchFilters, limit: int, cursor: str | None
) -> SearchPage:
    """Return one page of the cards the filters find, best first."""
    after = decode_rank_cursor(cursor) if cursor else None
    if filters.text is not None and filters.text.empty:
        # Only stop words ("ja", "och"): nothing to look for, on either database.
        return SearchPage(items=[], order="relevance", next_cursor=None)
    found = await search_repo.search_page(session, filters, limit, after)
    items = [
        SearchHit.model_construct(
            # A recent page's rank is the document id: nothing a caller can weigh.
            **_card(r),
            rank=0.0 if found.recent else float(r.rank),
            distance_km=_km(r.distance_km),
        )
        for r in found.hits
    ]
    return SearchPage.model_construct(
        items=items,
        order="recent" if found.recent else "relevance",
        next_cursor=encode_rank_cursor(*found.resume) if found.resume else None,
    )


def _km(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


async def match_need(
    session: AsyncSession,
    *,
    need: Need,
    regions: tuple[str, ...] | None,
    related_to: UUID | None = None,
) -> MatchResult:
    """Return the need's candidates, best first, each with its points and reasons."""
    query = match_repo.Need(
        life_area=need.life_area,
        district=need.district,
        weekday=need.weekday,
        start_minute=minutes(need.start),
        end_minute=minutes(need.end),
        competence=need.competence,
        text=need.text,
        card_type=need.card_type,
        regions=regions,
        related_to=related_to,
    )
    rows = await match_repo.shortlist(session, query, need.limit)
    words = [word for word, _ in match_repo.need_words(need.text)]
    return MatchResult.model_construct(
        items=[_hit(row, need, _best_window(row), words) for row in rows]
    )


def _best_window(row: Any) -> list[tuple[int, int]]:
    """Return the card's best window on the need's weekday, as the shortlist row carries it."""
    return [] if row.window_start is None else [(row.window_start, row.window_end)]


def _hit(row: Any, need: Need, windows: list[tuple[int, int]], words: list[str]) -> MatchHit:
    score = Score.model_construct(
        district=round(float(row.district_points), 2),
        time=round(float(row.time_points), 2),
        competence=round(float(row.competence_points), 2),
        text=round(float(row.text_points), 2),
        total=round(float(row.total), 2),
    )
    reasons = {
        "district": "same" if row.district_points else "other",
        "time": time_reason(need, windows),
    }
    if need.competence:
        has = need.competence in (row.competences or [])
        reasons["competence"] = need.competence if has else f"no {need.competence}"
    if words:
        found = [w for i, w in enumerate(words) if getattr(row, f"word_{i}")]
        reasons["text"] = (
            "matched " + ", ".join(f"'{w}'" for w in found) if found else "no words matched"
        )
    return MatchHit.model_construct(**_card(row), score=score, reasons=reasons)


def clock(minute: int) -> str:
    """Return "HH:MM" of minutes since midnight."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def time_reason(need: Need, windows: list[tuple[int, int]]) -> str:
    """Say how the card's best window on the need's weekday covers the need's window."""
    day, start, end = WEEKDAYS[need.weekday - 1], minutes(need.start), minutes(need.end)
    wanted = f"{need.start}–{need.end}"

    def covered(window: tuple[int, int]) -> int:
        return min(window[1], end) - max(window[0], start)

    best = max(windows, key=covered, default=None)
    if best is None or covered(best) <= 0:
        return f"not available {day} {wanted}"
    span = f"available {day} {clock(best[0])}–{clock(best[1])}"
    if covered(best) >= end - start:
        return f"{span} covers {wanted}"
    return f"{span} covers {covered(best)} of {end - start} min of {wanted}"
