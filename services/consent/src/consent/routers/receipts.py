"""Receipt route: a consent as a Kantara v1.1 receipt for the subject to keep."""

from uuid import UUID

from fastapi import APIRouter, Response

from consent.deps import SettingsDep
from consent.routers.common import problems
from consent.schemas.receipts import ConsentReceipt
from consent.service import consents as service
from consent.service.receipts import build_receipt
from tukiverkko_common.app import SessionDep

router = APIRouter(prefix="/api/v1", responses=problems(400, 401, 422))


@router.get(
    "/consents/{consent_id}/receipt",
    tags=["consents"],
    response_model_exclude_none=True,
    responses=problems(404),
    summary="Kantara v1.1 consent receipt for the subject to download",
)
async def receipt(
    consent_id: UUID, session: SessionDep, settings: SettingsDep, response: Response
) -> ConsentReceipt:
    consent = await service.get_consent(session=session, consent_id=consent_id)
    response.headers["content-disposition"] = (
        f'attachment; filename="consent-receipt-{consent.id}.json"'
    )
    return build_receipt(consent, settings)
