"""Housing network routes: networks, the area coordinator, apartments, residents, partners, interactions."""

from typing import Any

from fastapi import APIRouter
from sqlmodel import select

from network.deps_housing import ApartmentR, NetworkR, NetworkW, PartnerW, ResidencyR, ResidencyW
from network.models_housing import (
    Apartment,
    HousingNetwork,
    Partner,
    Residency,
    ResidentInteraction,
)
from network.repository import housing as repo
from network.repository.common import page
from network.routers.common import problems
from network.schemas.common import Page
from network.schemas.housing import (
    ApartmentCreate,
    ApartmentRead,
    CoordinatorAssign,
    CoordinatorRead,
    InteractionCreate,
    InteractionRead,
    MoveOut,
    NetworkCreate,
    NetworkRead,
    NetworkUpdate,
    PartnerCreate,
    PartnerLeave,
    PartnerRead,
    ResidencyCreate,
    ResidencyRead,
)
from network.service import housing as service
from network.service import residents
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.ownership import ScopeDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["housing"])


async def _page(session: SessionDep, model: Any, read: Any, params: Any, **where: Any) -> Any:
    query = select(model).where(*(getattr(model, k) == v for k, v in where.items()))
    rows, cursor = await page(session, query, model, params)
    return Page(items=[read.model_validate(r) for r in rows], next_cursor=cursor)


@router.post(
    "/housing-networks",
    status_code=201,
    response_model=NetworkRead,
    responses=problems(422),
    summary="Set up a housing network",
)
async def create_network(body: NetworkCreate, uow: UowDep, actor: ActorDep) -> Any:
    return await service.create_network(uow=uow, data=body, organisation=actor.organisation_id)


@router.get(
    "/housing-networks",
    response_model=Page[NetworkRead],
    responses=problems(422),
    summary="Housing networks (of the caller's region, and those it takes part in)",
)
async def list_networks(session: SessionDep, params: PageDep, scope: ScopeDep) -> Any:
    rows, cursor = await page(session, repo.networks_query(scope), HousingNetwork, params)
    return Page(items=[NetworkRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.get(
    "/housing-networks/{network_id}",
    response_model=NetworkRead,
    responses=problems(404),
    summary="Read a housing network",
)
async def read_network(network: NetworkR) -> Any:
    return network


@router.patch(
    "/housing-networks/{network_id}",
    response_model=NetworkRead,
    responses=problems(404, 422),
    summary="Change a network's name, districts or producers",
)
async def change_network(network: NetworkW, body: NetworkUpdate, uow: UowDep) -> Any:
    return await service.change_network(uow=uow, network=network, data=body)


@router.post(
    "/housing-networks/{network_id}/coordinators",
    status_code=201,
    response_model=CoordinatorRead,
    responses=problems(404, 422),
    summary="Give the area coordinator role to a registered worker from a date",
)
async def assign_coordinator(network: NetworkW, body: CoordinatorAssign, uow: UowDep) -> Any:
    return await service.assign_coordinator(uow=uow, network=network, data=body)


@router.get(
    "/housing-networks/{network_id}/coordinators",
    response_model=list[CoordinatorRead],
    responses=problems(404),
    summary="Who held the area coordinator role when",
)
async def coordinator_history(network: NetworkR, session: SessionDep) -> Any:
    return await repo.coordinator_terms(session, network.id)


@router.post(
    "/housing-networks/{network_id}/apartments",
    status_code=201,
    response_model=ApartmentRead,
    responses=problems(404, 422),
    summary="Add an apartment",
)
async def add_apartment(network: NetworkW, body: ApartmentCreate, uow: UowDep) -> Any:
    return await residents.add_apartment(uow=uow, network=network, data=body)


@router.get(
    "/housing-networks/{network_id}/apartments",
    response_model=Page[ApartmentRead],
    responses=problems(404, 422),
    summary="The network's apartments",
)
async def list_apartments(network: NetworkR, session: SessionDep, params: PageDep) -> Any:
    return await _page(session, Apartment, ApartmentRead, params, network_id=network.id)


@router.get(
    "/apartments/{apartment_id}",
    response_model=ApartmentRead,
    responses=problems(404),
    summary="Read an apartment",
)
async def read_apartment(apartment: ApartmentR) -> Any:
    return apartment


@router.post(
    "/housing-networks/{network_id}/residents",
    status_code=201,
    response_model=ResidencyRead,
    responses=problems(404, 422),
    summary="A client moves into the network (one network at a time)",
)
async def move_in(network: NetworkW, body: ResidencyCreate, uow: UowDep) -> Any:
    return await residents.move_in(uow=uow, network=network, data=body)


@router.get(
    "/housing-networks/{network_id}/residents",
    response_model=Page[ResidencyRead],
    responses=problems(404, 422),
    summary="The network's residencies, past ones included",
)
async def list_residents(network: NetworkR, session: SessionDep, params: PageDep) -> Any:
    return await _page(session, Residency, ResidencyRead, params, network_id=network.id)


@router.get(
    "/residencies/{residency_id}",
    response_model=ResidencyRead,
    responses=problems(404),
    summary="Read a residency",
)
async def read_residency(residency: ResidencyR) -> Any:
    return residency


@router.post(
    "/residencies/{residency_id}/move-out",
    response_model=ResidencyRead,
    responses=problems(404, 422),
    summary="Record the residency's last day",
)
async def move_out(residency: ResidencyW, body: MoveOut, uow: UowDep) -> Any:
    return await residents.move_out(uow=uow, residency=residency, data=body)


@router.post(
    "/housing-networks/{network_id}/partners",
    status_code=201,
    response_model=PartnerRead,
    responses=problems(404, 422),
    summary="A resource card takes part in the network",
)
async def add_partner(network: NetworkW, body: PartnerCreate, uow: UowDep) -> Any:
    return await residents.add_partner(uow=uow, network=network, data=body)


@router.get(
    "/housing-networks/{network_id}/partners",
    response_model=Page[PartnerRead],
    responses=problems(404, 422),
    summary="The network's partners",
)
async def list_partners(network: NetworkR, session: SessionDep, params: PageDep) -> Any:
    return await _page(session, Partner, PartnerRead, params, network_id=network.id)


@router.post(
    "/housing-partners/{partner_id}/leave",
    response_model=PartnerRead,
    responses=problems(404, 422),
    summary="A partner stops taking part",
)
async def partner_leaves(partner: PartnerW, body: PartnerLeave, uow: UowDep) -> Any:
    return await residents.partner_leaves(uow=uow, partner=partner, data=body)


@router.post(
    "/housing-networks/{network_id}/interactions",
    status_code=201,
    response_model=InteractionRead,
    responses=problems(404, 422),
    summary="Record that two residents interact",
)
async def record_interaction(network: NetworkW, body: InteractionCreate, uow: UowDep) -> Any:
    return await residents.record_interaction(uow=uow, network=network, data=body)


@router.get(
    "/housing-networks/{network_id}/interactions",
    response_model=Page[InteractionRead],
    responses=problems(404, 422),
    summary="Recorded interactions between residents",
)
async def list_interactions(network: NetworkR, session: SessionDep, params: PageDep) -> Any:
    return await _page(session, ResidentInteraction, InteractionRead, params, network_id=network.id)
