"""The regional survey's inputs: each client's area, current phase, goal life areas and services."""

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from plans.models import AgreedService, Client, Goal, Phase, Plan


@dataclass
class SurveyClient:
    """What the survey counts about one client (never leaves the service as such)."""

    municipality: str
    district: str | None
    phase: str = "none"
    life_areas: set[str] = field(default_factory=set)
    service_types: set[str] = field(default_factory=set)


async def survey_clients(session: AsyncSession, region: str, on: date) -> dict[UUID, SurveyClient]:
    """Return the region's clients with an open plan, with what the survey counts on `on`."""
    open_plan = select(col(Plan.client_id)).where(col(Plan.status) != "closed")
    rows = await session.execute(
        select(col(Client.id), col(Client.municipality), col(Client.district)).where(
            col(Client.region) == region, col(Client.id).in_(open_plan)
        )
    )
    found = {r.id: SurveyClient(r.municipality, r.district) for r in rows}
    ids = list(found)
    phases = await session.execute(
        select(col(Phase.client_id), col(Phase.phase))
        .where(col(Phase.client_id).in_(ids), col(Phase.started_on) <= on)
        .where(or_(col(Phase.ended_on).is_(None), col(Phase.ended_on) > on))
        .order_by(col(Phase.started_on))
    )
    for client_id, phase in phases:
        found[client_id].phase = phase
    goals = await session.execute(
        select(col(Goal.client_id), col(Goal.life_area)).where(
            col(Goal.client_id).in_(ids), col(Goal.status) != "dropped"
        )
    )
    for client_id, life_area in goals:
        found[client_id].life_areas.add(life_area)
    services = await session.execute(
        select(col(AgreedService.client_id), col(AgreedService.service_type)).where(
            col(AgreedService.client_id).in_(ids),
            col(AgreedService.valid_from) <= on,
            or_(
                col(AgreedService.valid_until).is_(None), and_(col(AgreedService.valid_until) >= on)
            ),
        )
    )
    for client_id, service_type in services:
        found[client_id].service_types.add(service_type)
    return found
