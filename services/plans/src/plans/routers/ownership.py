"""Routes the gateway authorises with: ownership of an object, organisations related to a client; code sets."""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Path

from plans.codes import LABELS
from plans.repository.ownership import owner
from plans.schemas.realisation import Ownership
from tukiverkko_common.app import SessionDep
from tukiverkko_common.problems import not_found

router = APIRouter(prefix="/api/v1", tags=["access"])
Kind = Literal[
    "client", "plan", "goal", "service", "visit", "referral", "observation", "task", "phase"
]


@router.get(
    "/ownership/{kind}/{ident}",
    response_model=Ownership,
    summary="Which client (and organisation) owns an object",
)
async def ownership(
    kind: Annotated[Kind, Path()], ident: Annotated[UUID, Path()], session: SessionDep
) -> Ownership:
    found = await owner(session, kind, ident)
    if found is None:
        raise not_found(kind, ident)
    client_id, organisation_id, owner_organisation_id = found
    return Ownership(
        kind=kind,
        id=ident,
        client_id=client_id,
        organisation_id=organisation_id,
        owner_organisation_id=owner_organisation_id,
    )


@router.get("/codes", summary="Code sets with Finnish and Swedish labels")
async def codes() -> dict[str, dict[str, dict[str, str]]]:
    return {
        name: {code: {"fi": fi, "sv": sv} for code, (fi, sv) in values.items()}
        for name, values in LABELS.items()
    }
