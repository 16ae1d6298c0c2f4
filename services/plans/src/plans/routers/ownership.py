"""Routes the gateway authorises with: ownership of an object, organisations related to a client; code sets."""

from fastapi import APIRouter

from plans.codes import LABELS
from plans.ownership import BATCHES, KINDS
from tukiverkko_common.ownership import ownership_router

router = APIRouter(prefix="/api/v1", tags=["access"])
ownership = ownership_router(KINDS, BATCHES)


@router.get("/codes", summary="Code sets with Finnish and Swedish labels")
async def codes() -> dict[str, dict[str, dict[str, str]]]:
    return {
        name: {code: {"fi": fi, "sv": sv} for code, (fi, sv) in values.items()}
        for name, values in LABELS.items()
    }
