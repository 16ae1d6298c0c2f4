"""Planned-meeting routes: a plan's schedules, and the missed occurrences of a worker or coordinator."""

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlmodel import select

from plans.deps import PlanR, PlanW
from plans.models import MeetingSchedule
from plans.repository.common import page
from plans.schemas.common import Day, Page
from plans.schemas.meetings import MeetingScheduleCreate, MeetingScheduleRead, MissedMeetings
from plans.service import meetings as service
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.contracts.plans import WORKER_ID_PATTERN
from tukiverkko_common.ownership import ScopeDep
from tukiverkko_common.paging import PageDep
from tukiverkko_common.problems import invalid

router = APIRouter(prefix="/api/v1", tags=["visits"])
MAX_RANGE_DAYS = 92
DEFAULT_RANGE_DAYS = 28


@router.post(
    "/plans/{plan_id}/meetings",
    status_code=201,
    response_model=MeetingScheduleRead,
    summary="Schedule recurring meetings (weekday, time, method, worker)",
)
async def schedule_meeting(
    plan: PlanW, body: MeetingScheduleCreate, uow: UowDep
) -> MeetingScheduleRead:
    return service.schedule_read(await service.schedule_meeting(uow=uow, plan=plan, data=body))


@router.get(
    "/plans/{plan_id}/meetings",
    response_model=Page[MeetingScheduleRead],
    summary="A plan's meeting schedules",
)
async def list_meetings(
    plan: PlanR, session: SessionDep, params: PageDep
) -> Page[MeetingScheduleRead]:
    query = select(MeetingSchedule).where(MeetingSchedule.plan_id == plan.id)
    rows, cursor = await page(session, query, MeetingSchedule, params)
    return Page(items=[service.schedule_read(s) for s in rows], next_cursor=cursor)


@router.get(
    "/meetings/missed",
    response_model=MissedMeetings,
    summary="Scheduled meetings not held: a worker's or an area coordinator's list",
)
async def missed_meetings(
    session: SessionDep,
    scope: ScopeDep,
    worker_id: Annotated[str | None, Query(pattern=WORKER_ID_PATTERN)] = None,
    area_coordinator_id: Annotated[str | None, Query(max_length=128)] = None,
    since: Annotated[Day | None, Query(description="First day (default: 28 days back)")] = None,
    until: Annotated[Day | None, Query(description="Last day (default: yesterday)")] = None,
) -> Any:
    today = helsinki_date(utcnow())
    last = until or today - timedelta(days=1)
    first = since or last - timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if first > last or (last - first).days >= MAX_RANGE_DAYS:
        raise invalid("query.since", f"must be on or before until, at most {MAX_RANGE_DAYS} days")
    return await service.missed_meetings(
        session=session,
        scope=scope,
        since=first,
        until=last,
        worker_id=worker_id,
        area_coordinator_id=area_coordinator_id,
        today=today,
    )
