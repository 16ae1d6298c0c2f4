"""Meeting-schedule queries: schedules active in a range, and the occurrences held."""

from datetime import date
from typing import Any
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from plans.models import MeetingSchedule, Plan, Visit
from plans.repository.housing_networks import coordinator_filter


def schedules_query(
    since: date, until: date, worker_id: str | None, area_coordinator_id: str | None, on: date
) -> Any:
    """Return the query of schedules with occurrences in [since, until], optionally narrowed."""
    s = MeetingSchedule
    query: Any = select(s).where(
        col(s.starts_on) <= until, (col(s.ends_on).is_(None)) | (col(s.ends_on) >= since)
    )
    if worker_id is not None:
        query = query.where(s.worker_id == worker_id)
    if area_coordinator_id is not None:
        coordinated = coordinator_filter(
            col(Plan.client_id), col(Plan.legacy_area_coordinator_id), area_coordinator_id, on
        )
        query = query.where(col(s.plan_id).in_(select(col(Plan.id)).where(coordinated)))
    return query.order_by(col(s.id))


async def held(
    session: AsyncSession, schedule_ids: list[UUID], since: date, until: date
) -> set[tuple[UUID, date]]:
    """Return the (schedule, day) occurrences a visit was recorded against."""
    if not schedule_ids:
        return set()
    query = select(col(Visit.schedule_id), col(Visit.scheduled_on)).where(
        col(Visit.schedule_id).in_(schedule_ids),
        col(Visit.scheduled_on) >= since,
        col(Visit.scheduled_on) <= until,
    )
    return {(s, d) for s, d in (await session.exec(query)).all() if s and d}


async def occurrence_held(session: AsyncSession, schedule_id: UUID, day: date) -> bool:
    """Return whether a visit already holds the occurrence."""
    query = select(Visit.id).where(Visit.schedule_id == schedule_id, Visit.scheduled_on == day)
    return (await session.exec(query)).first() is not None


async def running_schedules(session: AsyncSession, plan_id: UUID, last_day: date) -> list[Any]:
    """Return the plan's schedules that run past `last_day`."""
    query = select(MeetingSchedule).where(
        MeetingSchedule.plan_id == plan_id,
        (col(MeetingSchedule.ends_on).is_(None)) | (col(MeetingSchedule.ends_on) > last_day),
    )
    return list((await session.exec(query)).all())
