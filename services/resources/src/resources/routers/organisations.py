"""Organisation cards."""

from uuid import UUID

from fastapi import APIRouter

from resources.routers.common import problems
from resources.schemas.cards import CardRead, OrganisationCardCreate, OrganisationCardUpdate
from resources.service.organisations import create_organisation, update_organisation
from resources.service.views import read_card
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import UowDep

router = APIRouter(prefix="/api/v1", tags=["cards"], responses=problems(401, 422))


@router.post("/organisation-cards", status_code=201, summary="Add an organisation card")
async def create(body: OrganisationCardCreate, uow: UowDep, who: ActorDep) -> CardRead:
    card = await create_organisation(uow=uow, data=body, actor=who)
    return await read_card(uow.session, card)


@router.patch(
    "/organisation-cards/{card_id}",
    summary="Change an organisation card",
    responses=problems(404, 409),
)
async def update(card_id: UUID, body: OrganisationCardUpdate, uow: UowDep) -> CardRead:
    card = await update_organisation(uow=uow, card_id=card_id, data=body)
    return await read_card(uow.session, card)
