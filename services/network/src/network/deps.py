"""Dependencies of the routes: settings, and path ids that 404 once for every route."""

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from network.config import NetworkSettings
from network.models import Alter, NetworkMap, Snapshot, Tie
from network.repository.common import get_or_404
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.deps import get_settings
from tukiverkko_common.problems import Problem

SettingsDep = Annotated[NetworkSettings, Depends(get_settings)]


async def _map_r(map_id: UUID, session: SessionDep) -> NetworkMap:
    return await get_or_404(session, NetworkMap, map_id, "map")


async def _map_w(map_id: UUID, uow: UowDep) -> NetworkMap:
    return await get_or_404(uow.session, NetworkMap, map_id, "map", lock=True)


async def _alter_r(alter_id: UUID, session: SessionDep) -> Alter:
    return await get_or_404(session, Alter, alter_id, "alter")


async def _alter_w(alter_id: UUID, uow: UowDep) -> Alter:
    return await get_or_404(uow.session, Alter, alter_id, "alter")


async def _tie_r(tie_id: UUID, session: SessionDep) -> Tie:
    return await get_or_404(session, Tie, tie_id, "tie")


async def _tie_w(tie_id: UUID, uow: UowDep) -> Tie:
    return await get_or_404(uow.session, Tie, tie_id, "tie")


async def _snapshot_r(snapshot_id: UUID, session: SessionDep) -> Snapshot:
    return await get_or_404(session, Snapshot, snapshot_id, "snapshot")


MapR = Annotated[NetworkMap, Depends(_map_r)]
MapW = Annotated[NetworkMap, Depends(_map_w)]
AlterR = Annotated[Alter, Depends(_alter_r)]
AlterW = Annotated[Alter, Depends(_alter_w)]
TieR = Annotated[Tie, Depends(_tie_r)]
TieW = Annotated[Tie, Depends(_tie_w)]
SnapshotR = Annotated[Snapshot, Depends(_snapshot_r)]


async def _render_slot(request: Request, settings: SettingsDep) -> AsyncIterator[None]:
    # Pictures and district analyses cost the server far more than the caller: a few at a
    # time per process, and a caller beyond that is told to come back rather than queued.
    slots = getattr(request.app.state, "render_slots", None)
    if slots is None:
        slots = request.app.state.render_slots = asyncio.Semaphore(settings.render_concurrency)
    if slots.locked():
        problem = Problem(503, "busy", "Busy", "too many pictures or analyses at once; retry")
        problem.headers["Retry-After"] = "1"
        raise problem
    async with slots:
        yield


RenderSlot = Depends(_render_slot)
"""A route dependency that holds one of the process's rendering slots."""
