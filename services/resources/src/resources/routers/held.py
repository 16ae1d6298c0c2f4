"""Competence and strength cards."""

from uuid import UUID

from fastapi import APIRouter

from resources.routers.common import problems
from resources.schemas.cards import (
    CardRead,
    CompetenceCardCreate,
    HeldCardUpdate,
    StrengthCardCreate,
)
from resources.service import held
from resources.service.views import read_card
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import UowDep

router = APIRouter(prefix="/api/v1", tags=["cards"], responses=problems(401, 422))


@router.post(
    "/cards/{card_id}/competence-cards",
    status_code=201,
    summary="Add a competence to an organisation or citizen card",
    responses=problems(404, 409),
)
async def create_competence(
    card_id: UUID, body: CompetenceCardCreate, uow: UowDep, who: ActorDep
) -> CardRead:
    card = await held.create_competence(uow=uow, holder_card_id=card_id, data=body, actor=who)
    return await read_card(uow.session, card)


@router.post(
    "/cards/{card_id}/strength-cards",
    status_code=201,
    summary="Add a strength to an organisation or citizen card",
    responses=problems(404, 409),
)
async def create_strength(
    card_id: UUID, body: StrengthCardCreate, uow: UowDep, who: ActorDep
) -> CardRead:
    card = await held.create_strength(uow=uow, holder_card_id=card_id, data=body, actor=who)
    return await read_card(uow.session, card)


@router.patch(
    "/held-cards/{card_id}",
    summary="Change a competence or strength card",
    responses=problems(404, 409),
)
async def update_held(card_id: UUID, body: HeldCardUpdate, uow: UowDep) -> CardRead:
    card = await held.update_held(uow=uow, card_id=card_id, data=body)
    return await read_card(uow.session, card)
