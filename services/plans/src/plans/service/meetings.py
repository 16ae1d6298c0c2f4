"""Planned meetings: a plan schedules recurring meetings, visits hold their occurrences, and an
occurrence that passed (in Helsinki) without a visit is missed: the worker's and the area
coordinator's lists show it from the next day."""

from datetime import date, timedelta
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from plans.models import MeetingSchedule, Plan
from plans.repository import meetings as repo
from plans.repository.ownership import scoped
from plans.schemas.meetings import (
    WEEKDAYS,
    MeetingScheduleCreate,
    MeetingScheduleRead,
    MissedMeeting,
    MissedMeetings,
)
from plans.service.common import ensure_open, stage
from tukiverkko_common.contracts.plans import MeetingScheduled
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.problems import conflict, invalid
from tukiverkko_common.uow import UnitOfWork


async def schedule_meeting(
    *, uow: UnitOfWork, plan: Plan, data: MeetingScheduleCreate
) -> MeetingSchedule:
    """Add a recurring meeting to an open plan."""
    ensure_open(plan)
    schedule = MeetingSchedule(
        plan_id=plan.id,
        client_id=plan.client_id,
        weekday=WEEKDAYS.index(data.weekday),
        local_time=data.time,
        every_weeks=data.every_weeks,
        method=data.method,
        worker_id=data.worker_id,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    uow.session.add(schedule)
    stage(
        uow,
        MeetingScheduled(
            client_id=plan.client_id,
            plan_id=plan.id,
            schedule_id=schedule.id,
            weekday=data.weekday,
            time=data.time,
            every_weeks=data.every_weeks,
            method=data.method,
            worker_id=data.worker_id,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
        ),
    )
    await uow.commit()
    return schedule


def schedule_read(s: MeetingSchedule) -> MeetingScheduleRead:
    """Return the API view of a schedule."""
    return MeetingScheduleRead(
        id=s.id,
        plan_id=s.plan_id,
        client_id=s.client_id,
        weekday=WEEKDAYS[s.weekday],
        time=s.local_time,
        method=s.method,
        worker_id=s.worker_id,
        starts_on=s.starts_on,
        ends_on=s.ends_on,
        every_weeks=s.every_weeks,
        created_at=s.created_at,
        modified_at=s.modified_at,
    )


def occurrences(s: MeetingSchedule, since: date, until: date) -> list[date]:
    """Return the schedule's occurrence days within [since, until]."""
    first = s.starts_on + timedelta(days=(s.weekday - s.starts_on.weekday()) % 7)
    last = min(until, s.ends_on) if s.ends_on else until
    step = timedelta(weeks=s.every_weeks)
    if since > first:  # jump to the first occurrence on or after `since`
        first += step * -(-(since - first).days // step.days)
    days = []
    while first <= last:
        days.append(first)
        first += step
    return days


async def check_occurrence(uow: UnitOfWork, plan: Plan, schedule_id: UUID, day: date) -> None:
    """Refuse a visit for a schedule of another plan, a day with no occurrence, or one held."""
    schedule = await uow.session.get(MeetingSchedule, schedule_id)
    if schedule is None or schedule.plan_id != plan.id:
        raise invalid("schedule_id", f"not a meeting schedule of plan {plan.id}")
    if occurrences(schedule, day, day) != [day]:
        raise invalid("scheduled_on", f"{day} is not a day the meeting is scheduled on")
    if await repo.occurrence_held(uow.session, schedule_id, day):
        raise conflict("occurrence-held", f"a visit already holds the meeting of {day}")


async def missed_meetings(
    *,
    session: AsyncSession,
    scope: AccessScope | None,
    since: date,
    until: date,
    worker_id: str | None,
    area_coordinator_id: str | None,
    today: date,
) -> MissedMeetings:
    """Return the occurrences in [since, until] before today that no visit held."""
    last = min(until, today - timedelta(days=1))
    query = repo.schedules_query(since, last, worker_id, area_coordinator_id, today)
    schedules = list((await session.exec(scoped(query, MeetingSchedule, scope))).all())
    held = await repo.held(session, [s.id for s in schedules], since, last)
    items = [
        MissedMeeting(
            schedule_id=s.id,
            plan_id=s.plan_id,
            client_id=s.client_id,
            scheduled_on=day,
            time=s.local_time,
            method=s.method,
            worker_id=s.worker_id,
        )
        for s in schedules
        for day in occurrences(s, since, last)
        if (s.id, day) not in held
    ]
    items.sort(key=lambda m: (m.scheduled_on, m.time, str(m.schedule_id)))
    return MissedMeetings(since=since, until=last, items=items)
