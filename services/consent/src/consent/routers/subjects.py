"""Subject routes: the people consents can be about, and their consents."""

from uuid import UUID

from fastapi import APIRouter, Response

from consent.routers.common import problems
from consent.schemas.consents import ConsentRead
from consent.schemas.subjects import SubjectCreate, SubjectRead
from consent.service import subjects
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import SessionDep, UowDep

router = APIRouter(prefix="/api/v1", responses=problems(400, 401, 422))


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
