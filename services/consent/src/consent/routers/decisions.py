"""Decision route: the gateway's hot path."""

from fastapi import APIRouter, Request, Response

from consent.routers.common import problems
from consent.schemas.decisions import DecisionRead, DecisionRequest
from consent.service import decisions as service

router = APIRouter(prefix="/api/v1", responses=problems(400, 401, 422))


@router.post(
    "/decisions",
    tags=["decisions"],
    summary="May a recipient receive a data category about a subject?",
    response_model=DecisionRead,
)
async def decide(body: DecisionRequest, request: Request) -> Response:
    # The gateway's hot path: the reader comes straight from app state (no per-request
    # dependencies) and the answer is serialised once, without FastAPI re-validating it.
    result = await service.decide(reader=request.app.state.decisions, request=body)
    return Response(result.model_dump_json(), media_type="application/json")
