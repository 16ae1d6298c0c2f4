"""HTTP routes of the consent service: validated input → use case → response model."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from consent import audit, service, subjects
from consent.actors import Actor
from consent.audit_schemas import AccessReport, VerifyRead
from consent.config import ConsentSettings
from consent.fields import Instant
from consent.openapi_docs import problems
from consent.receipts import ConsentReceipt, build_receipt
from consent.schemas import (
    LIST_LIMIT_MAX,
    ConsentCreate,
    ConsentPage,
    ConsentRead,
    ConsentUpdate,
    DecisionRead,
    DecisionRequest,
    SubjectCreate,
    SubjectRead,
    VocabularyEntry,
    WithdrawRequest,
)
from consent.vocabulary import LABELS, VOCABULARY_ENUMS, ConsentStatus
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.clock import utcnow

router = APIRouter(prefix="/api/v1", responses=problems(400, 401, 422))


def actor(
    x_actor_organisation: Annotated[
        UUID, Header(description="Caller's organisation, set by the gateway")
    ],
    x_actor_user: Annotated[
        str | None, Header(max_length=200, description="Pseudonymous user id, set by the gateway")
    ] = None,
) -> Actor:
    """Return who is making a change, as the gateway authenticated them."""
    return Actor(organisation_id=x_actor_organisation, user_id=x_actor_user)


def settings_of(request: Request) -> ConsentSettings:
    """Return this app's settings."""
    return request.app.state.runtime.settings


ActorDep = Annotated[Actor, Depends(actor)]
SettingsDep = Annotated[ConsentSettings, Depends(settings_of)]


@router.post(
    "/decisions",
    tags=["decisions"],
    summary="May a recipient receive a data category about a subject?",
    response_model=DecisionRead,
)
async def decide(body: DecisionRequest, request: Request) -> Response:
    # The gateway's hot path: the reader comes straight from app state (no per-request
    # dependencies) and the answer is serialised once, without FastAPI re-validating it.
    result = await service.decide(reader=request.app.state.decisions, request=body)
    return Response(result.model_dump_json(), media_type="application/json")


@router.post("/consents", status_code=201, tags=["consents"], summary="Record a consent")
async def grant(body: ConsentCreate, uow: UowDep, who: ActorDep) -> ConsentRead:
    return ConsentRead.of(await service.grant_consent(uow=uow, data=body, actor=who), utcnow())


@router.get(
    "/consents", tags=["consents"], summary="List consents in change order (cursor pagination)"
)
async def list_consents(
    session: SessionDep,
    subject_id: UUID | None = None,
    status: ConsentStatus | None = None,
    modified_after: Instant | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=LIST_LIMIT_MAX)] = 50,
) -> ConsentPage:
    return await service.list_consents(
        session=session,
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


@router.get(
    "/consents/{consent_id}/receipt",
    tags=["consents"],
    response_model_exclude_none=True,
    responses=problems(404),
    summary="Kantara v1.1 consent receipt for the subject to download",
)
async def receipt(
    consent_id: UUID, session: SessionDep, settings: SettingsDep, response: Response
) -> ConsentReceipt:
    consent = await service.get_consent(session=session, consent_id=consent_id)
    response.headers["content-disposition"] = (
        f'attachment; filename="consent-receipt-{consent.id}.json"'
    )
    return build_receipt(consent, settings)


@router.post(
    "/subjects",
    status_code=201,
    tags=["subjects"],
    summary="Register a non-client subject",
    responses={
        200: {"description": "Already registered with this kind", "model": SubjectRead},
        **problems(409),
    },
)
async def register_subject(
    body: SubjectCreate, uow: UowDep, who: ActorDep, response: Response
) -> SubjectRead:
    subject, created = await subjects.register_subject(uow=uow, data=body, actor=who)
    if not created:
        response.status_code = 200
    return SubjectRead.of(subject)


@router.get(
    "/subjects/{subject_id}", tags=["subjects"], summary="A known subject", responses=problems(404)
)
async def get_subject(subject_id: UUID, session: SessionDep) -> SubjectRead:
    return SubjectRead.of(await subjects.get_subject(session=session, subject_id=subject_id))


@router.get(
    "/subjects/{subject_id}/consents",
    tags=["subjects"],
    summary="All of a subject's consents with their state",
    responses=problems(404),
)
async def subject_consents(subject_id: UUID, session: SessionDep) -> list[ConsentRead]:
    return await subjects.subject_consents(session=session, subject_id=subject_id)


@router.get(
    "/subjects/{subject_id}/access-report",
    tags=["audit"],
    summary="Who used my data, who received it, on what basis (default and at most the last 24 months)",
    responses=problems(404),
)
async def access_report(
    subject_id: UUID, session: SessionDep, settings: SettingsDep, since: Instant | None = None
) -> AccessReport:
    await subjects.get_subject(session=session, subject_id=subject_id)
    return await audit.access_report(
        session=session,
        subject_id=subject_id,
        since=since,
        months=settings.access_report_months,
        max_entries=settings.access_report_max_entries,
    )


@router.get(
    "/audit/verify",
    tags=["audit"],
    summary="Recompute a client's access and disclosure log hash chains",
)
async def verify(client_id: UUID, session: SessionDep) -> VerifyRead:
    return await audit.verify_chain(session=session, client_id=client_id)


@router.get(
    "/vocabulary", tags=["vocabulary"], summary="Codes with Finnish, Swedish and English labels"
)
async def vocabulary() -> dict[str, list[VocabularyEntry]]:
    return {
        group: [VocabularyEntry(code=code.value, labels=LABELS[group][code.value]) for code in enum]
        for group, enum in VOCABULARY_ENUMS.items()
    }
