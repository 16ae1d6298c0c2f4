"""The Suomi.fi Service Catalogue (PTV) importer."""

from fastapi import APIRouter

from resources.routers.common import problems
from resources.schemas.ptv import PtvImport, PtvImportRead
from resources.service.ptv import import_ptv
from tukiverkko_common.actors import ActorDep
from tukiverkko_common.app import UowDep

router = APIRouter(prefix="/api/v1", tags=["hsds"], responses=problems(401, 422))


@router.post(
    "/ptv-imports",
    summary="Import organisations and services from a PTV v11 export (idempotent)",
)
async def ptv_import(body: PtvImport, uow: UowDep, who: ActorDep) -> PtvImportRead:
    return await import_ptv(uow=uow, data=body, actor=who)
