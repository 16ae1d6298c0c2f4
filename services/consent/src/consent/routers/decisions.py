"""Decision route: the gateway's hot path."""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import ValidationError

from consent.routers.common import problems
from consent.schemas.decisions import DecisionRead, DecisionRequest
from consent.service import decisions as service


class DecisionRoute(APIRoute):
    """Documented by FastAPI from the endpoint's signature, served lean.

    The gateway asks for a decision on every request about a client, so FastAPI's generic
    handler (dependency graph, JSON parsed to Python and then validated, the answer checked
    against its model) costs more than the lookup itself. Here the body is validated straight
    from its JSON by the same model (422 with FastAPI's error shape, the loc under "body"),
    the reader comes from app state, and the answer is serialised once.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return serve


async def serve(request: Request) -> Response:
    """Answer one decision request."""
    try:
        asked = DecisionRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from None
    result = await service.decide(reader=request.app.state.decisions, request=asked)
    body = service.DENY_JSON if result is service.DENY else result.model_dump_json().encode()
    return Response(body, media_type="application/json")


router = APIRouter(prefix="/api/v1", responses=problems(400, 401, 422), route_class=DecisionRoute)


@router.post(
    "/decisions",
    tags=["decisions"],
    summary="May a recipient receive a data category about a subject?",
    response_model=DecisionRead,
)
async def decide(body: DecisionRequest, request: Request) -> Response:
    # What FastAPI documents the operation from; DecisionRoute answers it with `serve`.
    return await serve(request)
