"""Subject use cases: the people consents can be about, and their consents."""

from datetime import datetime
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from consent.codes import SubjectKind
from consent.models import Subject
from consent.repository import subjects as repository
from consent.schemas.consents import ConsentRead
from consent.schemas.subjects import SubjectCreate
from tukiverkko_common.actors import Actor
from tukiverkko_common.clock import as_utc, utcnow
from tukiverkko_common.problems import Problem, conflict, not_found
from tukiverkko_common.uow import UnitOfWork


async def register_subject(
    *, uow: UnitOfWork, data: SubjectCreate, actor: Actor
) -> tuple[Subject, bool]:
    """Register a non-client subject; return it and whether it is new (same id and kind again: a no-op)."""
    if data.subject_id is not None and (
        existing := await repository.get_subject(uow.session, data.subject_id)
    ):
        if existing.kind != data.kind:
            raise conflict(
                "subject-kind-conflict",
                f"subject {existing.id} is already registered as {existing.kind}",
            )
        return existing, False
    subject = Subject(
        kind=data.kind,
        origin="api",
        region=data.region,
        registered_by_organisation=actor.organisation_id,
        registered_by_user=actor.user,
    )
    if data.subject_id is not None:
        subject.id = data.subject_id
    uow.session.add(subject)
    try:
        await uow.commit()
    except IntegrityError as exc:  # the same id registered by a concurrent request
        raise conflict(
            "subject-registered-concurrently", f"subject {subject.id} was just registered"
        ) from exc
    return subject, True


async def register_client(
    *,
    uow: UnitOfWork,
    client_id: UUID,
    registered_at: datetime,
    region: str | None = None,
    municipality: str | None = None,
) -> None:
    """Make a client from the plans service known (again: a no-op). The caller commits with its inbox row."""
    if await repository.get_subject(uow.session, client_id) is None:
        uow.session.add(
            Subject(
                id=client_id,
                kind=SubjectKind.client,
                origin="plans",
                registered_at=as_utc(registered_at),
                region=region,
                municipality=municipality,
            )
        )
        await uow.session.flush()


async def move_client(
    *, uow: UnitOfWork, client_id: UUID, region: str | None, municipality: str
) -> None:
    """Record a known client's new area (an unknown one is learnt from its ClientRegistered)."""
    subject = await repository.get_subject(uow.session, client_id)
    if subject is not None:
        subject.region = region or subject.region
        subject.municipality = municipality
        await uow.session.flush()


async def get_subject(*, session: AsyncSession, subject_id: UUID) -> Subject:
    """Return a known subject or raise 404."""
    subject = await repository.get_subject(session, subject_id)
    if subject is None:
        raise not_found("subject", subject_id)
    return subject


async def known_subject(*, session: AsyncSession, subject_id: UUID) -> Subject:
    """Return the subject a request body names, or raise 422: consents need a known subject."""
    subject = await repository.get_subject(session, subject_id)
    if subject is None:
        raise Problem(
            422,
            "unknown-subject",
            "Unknown subject",
            f"subject_id: no subject with id {subject_id}",
            errors=[{"field": "subject_id", "message": "unknown subject; register it first"}],
        )
    return subject


async def subject_consents(*, session: AsyncSession, subject_id: UUID) -> list[ConsentRead]:
    """Return all consents of a known subject, newest first, with their state now."""
    await get_subject(session=session, subject_id=subject_id)
    now = utcnow()
    return [
        ConsentRead.of(c, now)
        for c in await repository.subject_consents(session, subject_id, limit=1000)
    ]
