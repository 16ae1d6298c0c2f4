"""Citizen cards: created under the person's inclusion consent; contact details apart."""

from uuid import UUID

from fastapi import APIRouter

from resources.deps import GateDep
from resources.routers.common import problems
from resources.schemas.cards import CardRead, CitizenCardCreate, CitizenCardUpdate, ContactRead
from resources.service import citizens
from resources.service.views import read_card
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import SessionDep, UowDep

router = APIRouter(prefix="/api/v1", tags=["cards"], responses=problems(401, 422))


@router.post(
    "/citizen-cards",
    status_code=201,
    summary="Add a citizen card (needs the person's inclusion consent)",
    responses=problems(409, 503),
)
async def create(body: CitizenCardCreate, uow: UowDep, who: ActorDep, gate: GateDep) -> CardRead:
    card = await citizens.create_citizen(uow=uow, gate=gate, data=body, actor=who)
    return await read_card(uow.session, card)


@router.patch(
    "/citizen-cards/{card_id}",
    summary="Change a citizen card (while the inclusion consent is in force)",
    responses=problems(404, 409),
)
async def update(card_id: UUID, body: CitizenCardUpdate, uow: UowDep) -> CardRead:
    card = await citizens.update_citizen(uow=uow, card_id=card_id, data=body)
    return await read_card(uow.session, card)


@router.get(
    "/citizen-cards/{card_id}/contact",
    summary="A citizen's name and contact details (a disclosure: the gateway checks and logs it)",
    responses=problems(404, 409),
)
async def contact(card_id: UUID, session: SessionDep) -> ContactRead:
    return await citizens.contact_of(session=session, card_id=card_id)
