"""Rent-ledger import route."""

from fastapi import APIRouter

from plans.deps import SettingsDep
from plans.schemas.rent_ledger import LedgerImport, LedgerImported
from plans.service import rent_ledger as service
from tukiverkko_common.app import UowDep

router = APIRouter(prefix="/api/v1", tags=["housing"])


@router.post(
    "/rent-ledger/imports",
    response_model=LedgerImported,
    summary="Import the landlord's rent-ledger rows: unpaid rent opens a task, once per month",
)
async def import_rent_ledger(
    body: LedgerImport, uow: UowDep, settings: SettingsDep
) -> LedgerImported:
    return await service.import_ledger(uow=uow, settings=settings, data=body)
