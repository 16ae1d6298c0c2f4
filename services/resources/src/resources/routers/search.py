"""Search and matching over the resource file; both list only the caller's regions' cards."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from resources.repository.search import Near, SearchFilters
from resources.schemas.search import CardType, Clock, Code, MatchResult, Need, SearchPage
from resources.search.index import minutes
from resources.search.query import text_query
from resources.service import search as service
from tukiverkko_common.app import ShortReadDep
from tukiverkko_common.fields import Text
from tukiverkko_common.ownership import AccessScope, ScopeDep
from tukiverkko_common.problems import invalid

router = APIRouter(prefix="/api/v1", tags=["search"])
MAX_SEARCH_PAGE = 100


def parse_near(near: str | None, within_km: float | None) -> Near | None:
    """Return the point of `near=lat,lon`, or a 422 naming `near` / `within_km`."""
    if near is None:
        if within_km is not None:
            raise invalid("within_km", "needs `near`, the point to measure from")
        return None
    try:
        lat, lon = (float(part) for part in near.split(","))
    except ValueError:
        raise invalid("near", "must be `latitude,longitude` in decimal degrees") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise invalid("near", "is not a point on Earth (latitude ±90, longitude ±180)")
    return Near(latitude=lat, longitude=lon, within_km=within_km)


def regions_of(scope: AccessScope | None) -> tuple[str, ...] | None:
    """Return the regions a gateway caller may search; None for an internal, unscoped call."""
    return None if scope is None else scope.regions


def keeper_of(scope: AccessScope | None) -> UUID | None:
    """Return the caller's organisation, whose own cards it finds in any region."""
    return None if scope is None else scope.related_to


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Find cards by words (Finnish or Swedish, any form) and filters",
)
async def search(
    session: ShortReadDep,
    scope: ScopeDep,
    q: Annotated[Text | None, Query(max_length=200, description="Words, any form")] = None,
    type: Annotated[CardType | None, Query(description="Card type")] = None,
    district: Annotated[Code | None, Query()] = None,
    sector: Annotated[Code | None, Query()] = None,
    target_group: Annotated[Code | None, Query()] = None,
    competence: Annotated[Code | None, Query()] = None,
    weekday: Annotated[int | None, Query(ge=1, le=7, description="1 = Monday")] = None,
    at: Annotated[Clock | None, Query(description="Available at HH:MM, local time")] = None,
    near: Annotated[str | None, Query(max_length=60, description="lat,lon")] = None,
    within_km: Annotated[float | None, Query(gt=0, le=500)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH_PAGE)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    filters = SearchFilters(
        text=text_query(q) if q else None,
        card_type=type,
        district=district,
        sector=sector,
        target_group=target_group,
        competence=competence,
        weekday=weekday,
        at_minute=minutes(at) if at else None,
        near=parse_near(near, within_km),
        regions=regions_of(scope),
        related_to=keeper_of(scope),
    )
    page = await service.search_cards(session, filters=filters, limit=limit, cursor=cursor)
    return serialised(page)


@router.post(
    "/match",
    response_model=MatchResult,
    summary="Rank cards for a need (life area, district, weekday window), with the reasons",
)
async def match(body: Need, session: ShortReadDep, scope: ScopeDep) -> Response:
    result = await service.match_need(
        session, need=body, regions=regions_of(scope), related_to=keeper_of(scope)
    )
    return serialised(result)


def serialised(answer: BaseModel) -> Response:
    """Return the answer as JSON, serialised once: the service built it from its own index,
    so FastAPI's validation of a returned model again (then serialising it) is skipped."""
    return Response(answer.model_dump_json(), media_type="application/json")
