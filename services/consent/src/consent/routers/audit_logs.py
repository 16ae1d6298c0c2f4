"""Audit routes: a subject's access report and the verification of the hash chains."""

from uuid import UUID

from fastapi import APIRouter

from consent.deps import SettingsDep
from consent.routers.common import problems
from consent.schemas.audit_logs import AccessReport, VerifyRead
from consent.service import audit_logs as audit
from consent.service import subjects
from tukiverkko_common.app import SessionDep
from tukiverkko_common.fields import Instant

router = APIRouter(prefix="/api/v1", responses=problems(400, 401, 422))


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
