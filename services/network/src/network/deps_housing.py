"""Path ids of the housing routes, each loaded once (404 for a missing one) for every route."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends

from network.models_housing import (
    ActivitySession,
    Apartment,
    CommunityActivity,
    HousingNetwork,
    Partner,
    Residency,
)
from network.repository.common import get_or_404
from tukiverkko_common.app import SessionDep, UowDep


async def _network_r(network_id: UUID, session: SessionDep) -> HousingNetwork:
    return await get_or_404(session, HousingNetwork, network_id, "housing network")


async def _network_w(network_id: UUID, uow: UowDep) -> HousingNetwork:
    return await get_or_404(uow.session, HousingNetwork, network_id, "housing network", lock=True)


async def _apartment_r(apartment_id: UUID, session: SessionDep) -> Apartment:
    return await get_or_404(session, Apartment, apartment_id, "apartment")


async def _residency_w(residency_id: UUID, uow: UowDep) -> Residency:
    return await get_or_404(uow.session, Residency, residency_id, "residency", lock=True)


async def _residency_r(residency_id: UUID, session: SessionDep) -> Residency:
    return await get_or_404(session, Residency, residency_id, "residency")


async def _partner_w(partner_id: UUID, uow: UowDep) -> Partner:
    return await get_or_404(uow.session, Partner, partner_id, "partner", lock=True)


async def _activity_r(activity_id: UUID, session: SessionDep) -> CommunityActivity:
    return await get_or_404(session, CommunityActivity, activity_id, "activity")


async def _activity_w(activity_id: UUID, uow: UowDep) -> CommunityActivity:
    return await get_or_404(uow.session, CommunityActivity, activity_id, "activity", lock=True)


async def _session_r(session_id: UUID, session: SessionDep) -> ActivitySession:
    return await get_or_404(session, ActivitySession, session_id, "activity session")


NetworkR = Annotated[HousingNetwork, Depends(_network_r)]
NetworkW = Annotated[HousingNetwork, Depends(_network_w)]
ApartmentR = Annotated[Apartment, Depends(_apartment_r)]
ResidencyR = Annotated[Residency, Depends(_residency_r)]
ResidencyW = Annotated[Residency, Depends(_residency_w)]
PartnerW = Annotated[Partner, Depends(_partner_w)]
ActivityR = Annotated[CommunityActivity, Depends(_activity_r)]
ActivityW = Annotated[CommunityActivity, Depends(_activity_w)]
SessionR = Annotated[ActivitySession, Depends(_session_r)]
