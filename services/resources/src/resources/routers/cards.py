"""Routes over any card: list, read, archive, activity log, and the citizen's contributions."""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from resources.routers.common import problems
from resources.schemas.activities import (
    ActivityCreate,
    ActivityRead,
    ContributionCreate,
    ContributionRead,
)
from resources.schemas.cards import CardRead
from resources.schemas.common import DistrictCode, Page
from resources.service import cards
from resources.service.common import existing_card
from resources.service.views import read_card
from tukiverkko_common.app import SessionDep, ShortReadDep, UowDep
from tukiverkko_common.fields import Instant
from tukiverkko_common.ownership import ScopeDep
from tukiverkko_common.paging import MAX_PAGE_SIZE, page_request

router = APIRouter(prefix="/api/v1", tags=["cards"], responses=problems(401, 422))
CardType = Literal["organisation", "citizen", "competence", "strength"]


@router.get("/cards", summary="Cards of the caller's region, in change order")
async def list_cards(
    session: SessionDep,
    scope: ScopeDep,
    card_type: CardType | None = None,
    district: Annotated[DistrictCode | None, Query()] = None,
    status: Literal["active", "archived", "suppressed"] | None = None,
    modified_after: Annotated[Instant | None, Query()] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> Page[CardRead]:
    params = page_request(modified_after=modified_after, cursor=cursor, limit=limit)
    items, next_cursor = await cards.card_page(
        session=session, scope=scope, card_type=card_type, district=district, status=status,
        params=params,
    )  # fmt: skip
    return Page(items=items, next_cursor=next_cursor)


@router.get("/cards/{card_id}", summary="One card of any kind", responses=problems(404))
async def get_card(card_id: UUID, session: ShortReadDep) -> CardRead:
    return await read_card(session, await existing_card(session, card_id))


@router.post(
    "/cards/{card_id}/archive",
    summary="Take a card out of the resource file",
    responses=problems(404),
)
async def archive_card(card_id: UUID, uow: UowDep) -> CardRead:
    card = await cards.archive_card(uow=uow, card_id=card_id)
    return await read_card(uow.session, card)


@router.post(
    "/cards/{card_id}/activities",
    status_code=201,
    summary="Add to a card's activity log",
    responses=problems(404, 409),
)
async def log_activity(card_id: UUID, body: ActivityCreate, uow: UowDep) -> ActivityRead:
    entry = await cards.log_activity(uow=uow, card_id=card_id, data=body)
    return ActivityRead.model_validate(entry, from_attributes=True)


@router.get("/cards/{card_id}/activities", summary="A card's activity log", responses=problems(404))
async def list_activities(card_id: UUID, session: SessionDep) -> list[ActivityRead]:
    return await cards.activities(session=session, card_id=card_id)


@router.post(
    "/citizen-cards/{card_id}/contributions",
    status_code=201,
    summary="Record a contribution a citizen gave",
    responses=problems(404, 409),
)
async def add_contribution(
    card_id: UUID, body: ContributionCreate, uow: UowDep
) -> ContributionRead:
    entry = await cards.add_contribution(uow=uow, card_id=card_id, data=body)
    return ContributionRead.model_validate(entry, from_attributes=True)


@router.get(
    "/citizen-cards/{card_id}/contributions",
    summary="The contributions a citizen already gave",
    responses=problems(404),
)
async def list_contributions(card_id: UUID, session: SessionDep) -> list[ContributionRead]:
    return await cards.contributions(session=session, card_id=card_id)
