"""Referral routes: send from a plan, the provider's list, answers."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from sqlmodel import select

from plans.codes import ReferralStatus
from plans.deps import PlanR, PlanW, ReferralR, ReferralW
from plans.models import Referral
from plans.repository.common import page, page_of_plan
from plans.repository.ownership import scoped
from plans.schemas.common import Page
from plans.schemas.referrals import ReferralAnswerIn, ReferralCreate, ReferralRead
from plans.service import referrals as service
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.ownership import ScopeDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["referrals"])


@router.post(
    "/plans/{plan_id}/referrals",
    status_code=201,
    response_model=ReferralRead,
    summary="Send a referral",
)
async def send_referral(plan: PlanW, body: ReferralCreate, uow: UowDep) -> ReferralRead:
    return ReferralRead.model_validate(await service.send_referral(uow=uow, plan=plan, data=body))


@router.get(
    "/plans/{plan_id}/referrals", response_model=Page[ReferralRead], summary="A plan's referrals"
)
async def list_plan_referrals(
    plan: PlanR, session: SessionDep, params: PageDep
) -> Page[ReferralRead]:
    rows, cursor = await page_of_plan(session, Referral, plan.id, params)
    return Page(items=[ReferralRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.get(
    "/referrals",
    response_model=Page[ReferralRead],
    summary="Referrals, e.g. one organisation's inbox",
)
async def list_referrals(
    session: SessionDep,
    params: PageDep,
    scope: ScopeDep,
    organisation_id: Annotated[UUID | None, Query()] = None,
    status: Annotated[ReferralStatus | None, Query()] = None,
) -> Page[ReferralRead]:
    query = scoped(select(Referral), Referral, scope)
    if organisation_id is not None:
        query = query.where(Referral.organisation_id == organisation_id)
    if status is not None:
        query = query.where(Referral.status == status)
    rows, cursor = await page(session, query, Referral, params)
    return Page(items=[ReferralRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.get("/referrals/{referral_id}", response_model=ReferralRead, summary="Read a referral")
async def read_referral(referral: ReferralR) -> ReferralRead:
    return ReferralRead.model_validate(referral)


@router.post(
    "/referrals/{referral_id}/answer", response_model=ReferralRead, summary="Answer a referral"
)
async def answer_referral(referral: ReferralW, body: ReferralAnswerIn, uow: UowDep) -> ReferralRead:
    return ReferralRead.model_validate(
        await service.answer_referral(uow=uow, referral=referral, data=body)
    )
