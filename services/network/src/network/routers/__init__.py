"""HTTP routes of the network service, one module per area; thin: validated input → use case → read model."""

from fastapi import APIRouter

from network.ownership import KINDS
from network.routers import alters, analysis, maps, pictures, snapshots, ties
from tukiverkko_common.ownership import ownership_router

ROUTERS: list[APIRouter] = [
    maps.router,
    alters.router,
    ties.router,
    snapshots.router,
    analysis.router,
    pictures.router,
    ownership_router(KINDS),
]
