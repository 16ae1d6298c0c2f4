"""Community activity routes: activities of a network, their sessions with attendance."""

from typing import Any

from fastapi import APIRouter
from sqlmodel import col, select

from network.deps_housing import ActivityR, ActivityW, NetworkR, NetworkW, SessionR
from network.models_housing import ActivitySession, Attendance, CommunityActivity
from network.repository.common import page
from network.routers.common import problems
from network.schemas.activities import (
    ActivityCreate,
    ActivityRead,
    ActivityUpdate,
    AttendeeRead,
    SessionCreate,
    SessionRead,
)
from network.schemas.common import Page
from network.service import activities as service
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.paging import PageDep

router = APIRouter(prefix="/api/v1", tags=["activities"])


def session_read(held: ActivitySession, rows: list[Attendance]) -> SessionRead:
    """Return a session with its attendance."""
    return SessionRead(
        id=held.id,
        activity_id=held.activity_id,
        network_id=held.network_id,
        held_on=held.held_on,
        staff_hours=held.staff_hours,
        attendance=[AttendeeRead.model_validate(r) for r in rows],
    )


async def _attendance(session: SessionDep, session_ids: list[Any]) -> dict[Any, list[Attendance]]:
    query = select(Attendance).where(col(Attendance.session_id).in_(session_ids))
    found: dict[Any, list[Attendance]] = {i: [] for i in session_ids}
    for row in (await session.exec(query)).all():
        found[row.session_id].append(row)
    return found


@router.post(
    "/housing-networks/{network_id}/activities",
    status_code=201,
    response_model=ActivityRead,
    responses=problems(404, 422),
    summary="Plan a community activity with the residents",
)
async def plan_activity(network: NetworkW, body: ActivityCreate, uow: UowDep) -> Any:
    return await service.plan_activity(uow=uow, network=network, data=body)


@router.get(
    "/housing-networks/{network_id}/activities",
    response_model=Page[ActivityRead],
    responses=problems(404, 422),
    summary="The network's community activities",
)
async def list_activities(network: NetworkR, session: SessionDep, params: PageDep) -> Any:
    query = select(CommunityActivity).where(CommunityActivity.network_id == network.id)
    rows, cursor = await page(session, query, CommunityActivity, params)
    return Page(items=[ActivityRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.get(
    "/activities/{activity_id}",
    response_model=ActivityRead,
    responses=problems(404),
    summary="Read an activity",
)
async def read_activity(activity: ActivityR) -> Any:
    return activity


@router.patch(
    "/activities/{activity_id}",
    response_model=ActivityRead,
    responses=problems(404, 422),
    summary="Change an activity's schedule, staffing, resources or status",
)
async def change_activity(activity: ActivityW, body: ActivityUpdate, uow: UowDep) -> Any:
    return await service.change_activity(uow=uow, activity=activity, data=body)


@router.post(
    "/activities/{activity_id}/sessions",
    status_code=201,
    response_model=SessionRead,
    responses=problems(404, 422),
    summary="Record a session with its attendance (and who brought whom)",
)
async def record_session(activity: ActivityW, body: SessionCreate, uow: UowDep) -> Any:
    held, rows = await service.record_session(uow=uow, activity=activity, data=body)
    return session_read(held, rows)


@router.get(
    "/activities/{activity_id}/sessions",
    response_model=Page[SessionRead],
    responses=problems(404, 422),
    summary="The activity's sessions with attendance",
)
async def list_sessions(activity: ActivityR, session: SessionDep, params: PageDep) -> Any:
    query = select(ActivitySession).where(ActivitySession.activity_id == activity.id)
    rows, cursor = await page(session, query, ActivitySession, params)
    attendance = await _attendance(session, [r.id for r in rows])
    return Page(items=[session_read(r, attendance[r.id]) for r in rows], next_cursor=cursor)


@router.get(
    "/activity-sessions/{session_id}",
    response_model=SessionRead,
    responses=problems(404),
    summary="Read a session with its attendance",
)
async def read_session(held: SessionR, session: SessionDep) -> Any:
    return session_read(held, (await _attendance(session, [held.id]))[held.id])
