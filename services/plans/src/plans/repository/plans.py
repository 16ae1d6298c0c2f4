"""Plan queries: versions, history, and what a plan view embeds."""

from datetime import date
from uuid import UUID

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from plans.models import AgreedService, Goal, Phase, Plan, PlanHistory, PlanVersion, Referral
from plans.repository.common import page
from plans.repository.housing_networks import coordinator_filter
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.paging import PageParams
from tukiverkko_common.problems import not_found


async def version(session: AsyncSession, plan_id: UUID, number: int) -> PlanVersion:
    """Return version `number` of a plan or raise a 404 problem."""
    query = select(PlanVersion).where(PlanVersion.plan_id == plan_id, PlanVersion.version == number)
    found = (await session.exec(query)).first()
    if found is None:
        raise not_found("plan version", f"{plan_id}/versions/{number}")
    return found


async def open_plan_of(session: AsyncSession, client_id: UUID) -> Plan | None:
    """Return the client's plan that is not closed, if any."""
    query = select(Plan).where(Plan.client_id == client_id, Plan.status != "closed")
    return (await session.exec(query)).first()


def plans_query(
    *, client_id: UUID | None, status: str | None, area_coordinator_id: str | None
) -> SelectOfScalar[Plan]:
    """Return the plan list query with its optional filters."""
    query = select(Plan)
    if client_id is not None:
        query = query.where(Plan.client_id == client_id)
    if status is not None:
        query = query.where(Plan.status == status)
    if area_coordinator_id is not None:
        today = helsinki_date(utcnow())
        query = query.where(
            coordinator_filter(
                col(Plan.client_id),
                col(Plan.legacy_area_coordinator_id),
                area_coordinator_id,
                today,
            )
        )
    return query


async def list_versions(
    session: AsyncSession, plan_id: UUID, params: PageParams
) -> tuple[list, str | None]:
    """Return one page of a plan's versions."""
    return await page(
        session, select(PlanVersion).where(PlanVersion.plan_id == plan_id), PlanVersion, params
    )


async def list_history(
    session: AsyncSession, plan_id: UUID, params: PageParams
) -> tuple[list, str | None]:
    """Return one page of a plan's change history."""
    return await page(
        session, select(PlanHistory).where(PlanHistory.plan_id == plan_id), PlanHistory, params
    )


async def goals_of(session: AsyncSession, plan_id: UUID) -> list[Goal]:
    """Return a plan's goals, oldest first."""
    return list(
        (
            await session.exec(select(Goal).where(Goal.plan_id == plan_id).order_by(col(Goal.id)))
        ).all()
    )


async def services_of(session: AsyncSession, plan_id: UUID) -> list[AgreedService]:
    """Return a plan's agreed services, oldest first."""
    query = (
        select(AgreedService)
        .where(AgreedService.plan_id == plan_id)
        .order_by(col(AgreedService.id))
    )
    return list((await session.exec(query)).all())


async def referrals_of(session: AsyncSession, plan_id: UUID) -> list[Referral]:
    """Return a plan's referrals, oldest first."""
    return list(
        (
            await session.exec(
                select(Referral).where(Referral.plan_id == plan_id).order_by(col(Referral.id))
            )
        ).all()
    )


async def phase_on(session: AsyncSession, plan_id: UUID, day: date) -> Phase | None:
    """Return the phase the plan was in on `day` (`ended_on` is the next phase's first day)."""
    query = select(Phase).where(
        Phase.plan_id == plan_id,
        Phase.started_on <= day,
        or_(col(Phase.ended_on).is_(None), col(Phase.ended_on) > day),
    )
    return (await session.exec(query)).first()


async def current_phase(session: AsyncSession, plan_id: UUID) -> Phase | None:
    """Return the phase the plan is in now (the open one), if any."""
    query = select(Phase).where(Phase.plan_id == plan_id, col(Phase.ended_on).is_(None))
    return (await session.exec(query)).first()
