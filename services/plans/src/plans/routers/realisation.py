"""Realisation routes: a client's month, the region's month, closing a month, a coordinator's shortfalls."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel

from plans.deps import SettingsDep
from plans.models import Client
from plans.repository.common import get_or_404
from plans.repository.realisation import Month
from plans.schemas.realisation import (
    ClientRealisation,
    MonthClosed,
    RegionRealisation,
    ShortfallList,
)
from plans.service import realisation as service
from plans.service.realisation import figures
from plans.service.realisation_views import client_month, coordinator_shortfalls
from tukiverkko_common.app import SessionDep, UowDep
from tukiverkko_common.clock import utcnow

router = APIRouter(prefix="/api/v1", tags=["realisation"])


def as_json(model: BaseModel) -> Response:
    """Return an already-built read model as JSON (skips FastAPI's second validation of large reports)."""
    return Response(content=model.model_dump_json(), media_type="application/json")


MONTH = r"^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$"
MonthQuery = Annotated[
    str, Query(pattern=MONTH, description="Helsinki calendar month, YYYY-MM", examples=["2025-03"])
]


@router.get(
    "/clients/{client_id}/realisation", response_model=ClientRealisation, summary="A client's month"
)
async def client_realisation(
    client_id: UUID, month: MonthQuery, session: SessionDep, settings: SettingsDep
) -> Any:
    m = Month.parse(month)
    found = await client_month(session=session, settings=settings, month=m, client_id=client_id)
    if (
        found is not None
    ):  # one round trip on the hot path; the client is looked up only for an empty month
        return as_json(found)
    client = await get_or_404(session, Client, client_id, "client")
    return as_json(
        ClientRealisation(
            client_id=client.id,
            plan_id=None,
            month=m.label,
            area_coordinator_id=None,
            district=client.district,
            threshold=settings.threshold(client.region),
            days_in_month=m.days,
            short_items=[],
            month_complete=utcnow() >= m.end_utc,
            shortfall_event_raised=False,
            phase_planned_minutes=0,
            phase_delivered_minutes=0,
            phases=[],
            services=[],
            components=[],
            **figures(0, 0, False),
        )
    )


@router.get(
    "/realisation",
    response_model=RegionRealisation,
    summary="The region's month (one row per client)",
)
async def region_realisation(
    month: MonthQuery,
    session: SessionDep,
    settings: SettingsDep,
    district: Annotated[str | None, Query(max_length=100)] = None,
    area_coordinator_id: Annotated[str | None, Query(max_length=128)] = None,
) -> Any:
    return as_json(
        await service.region_month(
            session=session,
            settings=settings,
            month=Month.parse(month),
            district=district,
            area_coordinator_id=area_coordinator_id,
        )
    )


@router.post(
    "/realisation/{month}/close",
    response_model=MonthClosed,
    summary="Close a finished month: raise RealisationShortfallDetected once per client-month",
)
async def close_month(
    month: Annotated[str, Path(pattern=MONTH)], uow: UowDep, settings: SettingsDep
) -> MonthClosed:
    return await service.close_month(uow=uow, settings=settings, month=Month.parse(month))


@router.get(
    "/coordinators/{area_coordinator_id}/shortfalls",
    response_model=ShortfallList,
    summary="Clients on the coordinator's plans whose delivered support falls short",
)
async def shortfalls(
    area_coordinator_id: Annotated[str, Path(max_length=128)],
    month: MonthQuery,
    session: SessionDep,
    settings: SettingsDep,
) -> ShortfallList:
    return await coordinator_shortfalls(
        session=session,
        settings=settings,
        month=Month.parse(month),
        area_coordinator_id=area_coordinator_id,
    )
