"""Consent routes: record, list, read, narrow and withdraw consents."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from consent.codes import ConsentStatus
from consent.routers.common import problems
from consent.schemas.consents import (
    LIST_LIMIT_MAX,
    ConsentCreate,
    ConsentPage,
    ConsentRead,
    ConsentUpdate,
    WithdrawRequest,
)
from consent.service import consents as service
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.clock import utcnow
from tukiverkko_common.fields import Instant
from tukiverkko_common.ownership import ScopeDep

router = APIRouter(prefix="/api/v1", responses=problems(400, 401, 422))


@router.post("/consents", status_code=201, tags=["consents"], summary="Record a consent")
async def grant(body: ConsentCreate, uow: UowDep, who: ActorDep) -> ConsentRead:
    return ConsentRead.of(await service.grant_consent(uow=uow, data=body, actor=who), utcnow())


@router.get(
    "/consents", tags=["consents"], summary="List consents in change order (cursor pagination)"
)
async def list_consents(
    session: SessionDep,
    scope: ScopeDep,
    subject_id: UUID | None = None,
    status: ConsentStatus | None = None,
    modified_after: Instant | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=LIST_LIMIT_MAX)] = 50,
) -> ConsentPage:
    return await service.list_consents(
        session=session,
        scope=scope,
        limit=limit,
        cursor=cursor,
        subject_id=subject_id,
        status=status,
        modified_after=modified_after,
    )


@router.get(
    "/consents/{consent_id}",
    tags=["consents"],
    summary="One consent with its state now",
    responses=problems(404),
)
async def get_consent(consent_id: UUID, session: SessionDep) -> ConsentRead:
    return ConsentRead.of(
        await service.get_consent(session=session, consent_id=consent_id), utcnow()
    )


@router.patch(
    "/consents/{consent_id}",
    tags=["consents"],
    summary="Narrow an active consent (publishes ConsentChanged)",
    responses=problems(404, 409),
)
async def change(consent_id: UUID, body: ConsentUpdate, uow: UowDep, who: ActorDep) -> ConsentRead:
    return ConsentRead.of(
        await service.change_consent(uow=uow, consent_id=consent_id, data=body, actor=who), utcnow()
    )


@router.post(
    "/consents/{consent_id}/withdraw",
    tags=["consents"],
    summary="Withdraw a consent, effective at once",
    responses=problems(404, 409),
)
async def withdraw(
    consent_id: UUID, body: WithdrawRequest, uow: UowDep, who: ActorDep
) -> ConsentRead:
    consent = await service.withdraw_consent(
        uow=uow, consent_id=consent_id, reason=body.reason, actor=who
    )
    return ConsentRead.of(consent, utcnow())
