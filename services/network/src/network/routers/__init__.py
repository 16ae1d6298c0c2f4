"""HTTP routes of the network service, one module per area; thin: validated input → use case → read model."""

from fastapi import APIRouter

from network.ownership import KINDS
from network.routers import (
    activities,
    alters,
    analysis,
    housing,
    maps,
    pictures,
    selfmonitoring,
    snapshots,
    ties,
)
from tukiverkko_common.ownership import ownership_router

ROUTERS: list[APIRouter] = [
    maps.router,
    alters.router,
    ties.router,
    snapshots.router,
    analysis.router,
    pictures.router,
    housing.router,
    activities.router,
    selfmonitoring.router,
    ownership_router(KINDS),
]
