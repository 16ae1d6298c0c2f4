"""Housing follow-up queries: observations with their task, the task list."""

from typing import Any
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from plans.models import Client, Plan, Task
from plans.repository.housing_networks import coordinator_filter
from tukiverkko_common.clock import helsinki_date, utcnow


async def tasks_by_observation(
    session: AsyncSession, observation_ids: list[UUID]
) -> dict[UUID, Task]:
    """Return the task each observation opened."""
    if not observation_ids:
        return {}
    rows = (
        await session.exec(select(Task).where(col(Task.observation_id).in_(observation_ids)))
    ).all()
    return {t.observation_id: t for t in rows if t.observation_id is not None}


def tasks_query(
    *,
    overdue: bool,
    status: str | None,
    area_coordinator_id: str | None,
    assigned_to: str | None,
    district: str | None,
    escalated_to: str | None = None,
) -> SelectOfScalar[Task]:
    """Return the task list query; overdue means open past the due time now."""
    query: Any = select(Task)
    if overdue:
        query = query.where(Task.status == "open", Task.due_at < utcnow())
    if status is not None:
        query = query.where(Task.status == status)
    if escalated_to is not None:
        query = query.where(Task.escalated_to == escalated_to)
    if assigned_to is not None:
        query = query.where(Task.assigned_to == assigned_to)
    if area_coordinator_id is not None:
        query = query.join(Plan, Plan.id == Task.plan_id).where(
            coordinator_filter(
                col(Plan.client_id),
                col(Plan.legacy_area_coordinator_id),
                area_coordinator_id,
                helsinki_date(utcnow()),
            )
        )
    if district is not None:
        query = query.join(Client, Client.id == Task.client_id).where(Client.district == district)
    return query
