"""HTTP routes of the resources service, one module per area; thin: validated input → use case → read model."""

from fastapi import APIRouter

from resources.ownership import KINDS
from resources.routers import (
    cards,
    citizens,
    districts,
    held,
    hsds,
    organisations,
    ptv,
    search,
    upkeep,
    vocabulary,
)
from tukiverkko_common.ownership import ownership_router

ROUTERS: list[APIRouter] = [
    organisations.router,
    citizens.router,
    held.router,
    cards.router,
    upkeep.router,
    districts.router,
    hsds.router,
    ptv.router,
    vocabulary.router,
    ownership_router(KINDS),
    search.router,
]
