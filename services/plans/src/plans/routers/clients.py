"""Client routes."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from plans.deps import ClientR, ClientW, SettingsDep
from plans.models import Plan
from plans.repository import clients as repo
from plans.repository import plans as plans_repo
from plans.repository.common import page
from plans.schemas.clients import ClientCreate, ClientRead, ClientUpdate
from plans.schemas.common import Page
from plans.schemas.plans import PlanCreate, PlanRead, PlanSummary
from plans.schemas.realisation import ClientOrganisation
from plans.service import clients as service
from plans.service import plans as plans_service
from plans.service.views import plan_summaries, plan_view
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.ownership import ScopeDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["clients"])
Include = Annotated[
    Literal["identity"] | None,
    Query(description="identity: show the personal identity code unmasked"),
]


@router.post("/clients", status_code=201, response_model=ClientRead, summary="Register a client")
async def register_client(body: ClientCreate, uow: UowDep, settings: SettingsDep) -> ClientRead:
    client = await service.register_client(uow=uow, settings=settings, data=body)
    return service.client_read(client, include_identity=False)


@router.get("/clients", response_model=Page[ClientRead], summary="List clients (incremental sync)")
async def list_clients(
    session: SessionDep, params: PageDep, scope: ScopeDep, include: Include = None
) -> Page[ClientRead]:
    rows, cursor = await repo.list_clients(session, params, scope)
    return Page(
        items=[service.client_read(c, include_identity=include == "identity") for c in rows],
        next_cursor=cursor,
    )


@router.get("/clients/{client_id}", response_model=ClientRead, summary="Read a client")
async def read_client(client: ClientR, include: Include = None) -> ClientRead:
    return service.client_read(client, include_identity=include == "identity")


@router.patch(
    "/clients/{client_id}",
    response_model=ClientRead,
    summary="Change a client's languages, support needs or area",
)
async def update_client(client: ClientW, body: ClientUpdate, uow: UowDep) -> ClientRead:
    client = await service.update_client(uow=uow, client=client, data=body)
    return service.client_read(client, include_identity=False)


@router.get(
    "/clients/{client_id}/organisations",
    response_model=list[ClientOrganisation],
    summary="Organisations with an agreed service or a referral for the client",
)
async def client_organisations(client: ClientR, session: SessionDep) -> list[ClientOrganisation]:
    rows = await repo.organisations(session, client.id, helsinki_date(utcnow()))
    return [ClientOrganisation(client_id=client.id, **row) for row in rows]


@router.post(
    "/clients/{client_id}/plans",
    status_code=201,
    response_model=PlanRead,
    tags=["plans"],
    summary="Open a draft plan",
)
async def create_plan(client: ClientW, body: PlanCreate, uow: UowDep) -> PlanRead:
    plan = await plans_service.create_plan(uow=uow, client=client, data=body)
    return await plan_view(uow.session, plan)


@router.get(
    "/clients/{client_id}/plans",
    response_model=Page[PlanSummary],
    tags=["plans"],
    summary="A client's plans",
)
async def client_plans(client: ClientR, session: SessionDep, params: PageDep) -> Page[PlanSummary]:
    query = plans_repo.plans_query(client_id=client.id, status=None, area_coordinator_id=None)
    rows, cursor = await page(session, query, Plan, params)
    return Page(items=await plan_summaries(session, rows), next_cursor=cursor)
