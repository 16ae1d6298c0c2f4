"""Dependencies of the routes: settings, and path ids that 404 once for every route.

The settings and the actor come from the library (`tukiverkko_common.deps`, `.actors`).

`...R` loads a row in the request's read session; `...W` loads it in the unit of work the
use case will commit. Plans, clients, tasks and referrals are locked here; a goal, service
or visit is locked through its plan by the use case (one lock order: plan, then child).
"""

from typing import Annotated
from uuid import UUID

from fastapi import Depends

from plans.config import PlansSettings
from plans.models import (
    AgreedService,
    Client,
    Goal,
    Observation,
    Phase,
    Plan,
    Referral,
    Task,
    Visit,
)
from plans.repository.common import get_or_404
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.deps import get_settings

SettingsDep = Annotated[PlansSettings, Depends(get_settings)]


async def _client_r(client_id: UUID, session: SessionDep) -> Client:
    return await get_or_404(session, Client, client_id, "client")


async def _client_w(client_id: UUID, uow: UowDep) -> Client:
    return await get_or_404(uow.session, Client, client_id, "client", lock=True)


async def _plan_r(plan_id: UUID, session: SessionDep) -> Plan:
    return await get_or_404(session, Plan, plan_id, "plan")


async def _plan_w(plan_id: UUID, uow: UowDep) -> Plan:
    return await get_or_404(uow.session, Plan, plan_id, "plan", lock=True)


async def _goal_r(goal_id: UUID, session: SessionDep) -> Goal:
    return await get_or_404(session, Goal, goal_id, "goal")


async def _goal_w(goal_id: UUID, uow: UowDep) -> Goal:
    return await get_or_404(uow.session, Goal, goal_id, "goal")


async def _service_r(service_id: UUID, session: SessionDep) -> AgreedService:
    return await get_or_404(session, AgreedService, service_id, "service")


async def _service_w(service_id: UUID, uow: UowDep) -> AgreedService:
    return await get_or_404(uow.session, AgreedService, service_id, "service")


async def _phase_r(phase_id: UUID, session: SessionDep) -> Phase:
    return await get_or_404(session, Phase, phase_id, "phase")


async def _visit_r(visit_id: UUID, session: SessionDep) -> Visit:
    return await get_or_404(session, Visit, visit_id, "visit")


async def _visit_w(visit_id: UUID, uow: UowDep) -> Visit:
    return await get_or_404(uow.session, Visit, visit_id, "visit")


async def _observation_r(observation_id: UUID, session: SessionDep) -> Observation:
    return await get_or_404(session, Observation, observation_id, "observation")


async def _task_r(task_id: UUID, session: SessionDep) -> Task:
    return await get_or_404(session, Task, task_id, "task")


async def _task_w(task_id: UUID, uow: UowDep) -> Task:
    return await get_or_404(uow.session, Task, task_id, "task", lock=True)


async def _referral_r(referral_id: UUID, session: SessionDep) -> Referral:
    return await get_or_404(session, Referral, referral_id, "referral")


async def _referral_w(referral_id: UUID, uow: UowDep) -> Referral:
    return await get_or_404(uow.session, Referral, referral_id, "referral", lock=True)


ClientR = Annotated[Client, Depends(_client_r)]
ClientW = Annotated[Client, Depends(_client_w)]
PlanR = Annotated[Plan, Depends(_plan_r)]
PlanW = Annotated[Plan, Depends(_plan_w)]
GoalR = Annotated[Goal, Depends(_goal_r)]
GoalW = Annotated[Goal, Depends(_goal_w)]
ServiceR = Annotated[AgreedService, Depends(_service_r)]
ServiceW = Annotated[AgreedService, Depends(_service_w)]
PhaseR = Annotated[Phase, Depends(_phase_r)]
VisitR = Annotated[Visit, Depends(_visit_r)]
VisitW = Annotated[Visit, Depends(_visit_w)]
ObservationR = Annotated[Observation, Depends(_observation_r)]
TaskR = Annotated[Task, Depends(_task_r)]
TaskW = Annotated[Task, Depends(_task_w)]
ReferralR = Annotated[Referral, Depends(_referral_r)]
ReferralW = Annotated[Referral, Depends(_referral_w)]
