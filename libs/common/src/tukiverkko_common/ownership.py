"""The ownership contract every service answers for the gateway's access checks.

Two halves, both mechanism only (who may see what is the gateway's policy):

- **Ownership of one object.** Each service declares, in its own `ownership.py`, a table
  of the object kinds it owns → an async resolver, and serves it with `ownership_router`
  as `GET /api/v1/ownership/{kind}/{id}`: the client the object is about (null for
  objects that belong to organisations only), the organisations involved, and the
  client's area where the service knows it. The gateway maps each path parameter to a
  (service, kind) pair in its catalogue and needs nothing else to authorise a new kind.
  A kind the gateway checks a whole list page of (clients) may also be answered for many
  ids in one query (`POST /api/v1/ownership/{kind}`), so a sync page costs one lookup.
- **The caller's scope on a list.** The gateway sends the caller's scope in the
  `x-access-scope` header (JSON of `AccessScope`); services honour it only on requests
  that carry the internal credential (the library's middleware refuses all others), and
  filter their list queries by it, so a page and its cursor only ever hold objects the
  caller may see. A request without the header is an internal one and is not narrowed.
"""

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Path, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from tukiverkko_common.app import SessionDep
from tukiverkko_common.problems import PROBLEM_JSON, invalid, not_found

OWNERSHIP_PATH = "/api/v1/ownership/{kind}/{ident}"
OWNERSHIP_BATCH_PATH = "/api/v1/ownership/{kind}"
OWNERSHIP_BATCH_MAX = 1000
SCOPE_HEADER = "x-access-scope"


class OwnershipRead(BaseModel):
    """Whom an object belongs to: its client, the organisations involved, the client's area."""

    kind: str
    id: UUID
    client_id: UUID | None = Field(
        default=None, description="The client the object is about; null for organisations' objects"
    )
    organisation_id: UUID | None = Field(
        default=None,
        description="The organisation the object is addressed to: receiver of a referral, "
        "provider of a service (or of a visit's service); else null",
    )
    owner_organisation_id: str | None = Field(
        default=None,
        description="The organisation that registered the client (or the object, for an "
        "organisation's object)",
    )
    organisation_ids: list[UUID] = Field(
        default_factory=list,
        description="For an organisation's object: the organisations taking part in it besides its "
        "owner (producers of a housing network, the organisation of its area coordinator)",
    )
    subject_id: UUID | None = Field(
        default=None,
        description="A natural person the object is about who is not a client (a citizen card's "
        "holder, as a consent subject); else null",
    )
    region: str | None = Field(
        default=None,
        description="The client's wellbeing region where this service knows it; for an "
        "organisation's object, the region it belongs to",
    )
    municipality: str | None = Field(
        default=None, description="The client's home municipality code, where this service knows it"
    )


_PROBLEM = {
    "content": {
        PROBLEM_JSON: {
            "schema": {
                "type": "object",
                "required": ["type", "title", "status"],
                "properties": {"type": {"type": "string"}, "status": {"type": "integer"}},
            }
        }
    }
}
OWNERSHIP_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such object", **_PROBLEM},
    422: {"description": "Unknown kind or malformed id", **_PROBLEM},
}

Resolver = Callable[[AsyncSession, UUID], Awaitable[OwnershipRead | None]]
"""Answers one kind: the object's ownership, or None when there is no such object."""
BatchResolver = Callable[[AsyncSession, list[UUID]], Awaitable[list[OwnershipRead]]]
"""Answers one kind for many ids in one query: the objects found (absent ones left out)."""


class OwnershipBatch(BaseModel):
    """Ids of one kind whose ownership the gateway needs at once (a page of a list)."""

    model_config = ConfigDict(extra="forbid")

    ids: list[UUID] = Field(min_length=1, max_length=OWNERSHIP_BATCH_MAX)


class OwnershipPage(BaseModel):
    """The ownership of the ids found; an id with no such object is simply absent."""

    items: list[OwnershipRead]


def ownership_router(
    kinds: Mapping[str, Resolver], batches: Mapping[str, BatchResolver] | None = None
) -> APIRouter:
    """Return the router serving `GET /api/v1/ownership/{kind}/{id}` for these kinds, and
    `POST /api/v1/ownership/{kind}` (many ids in one call) for the kinds in `batches`.

    An unknown kind is a 422 naming `kind` (a wiring mistake, not an absent object).
    """
    router = APIRouter(tags=["access"])
    if batches:
        _batch_route(router, batches)

    @router.get(
        OWNERSHIP_PATH,
        response_model=OwnershipRead,
        responses=OWNERSHIP_RESPONSES,
        summary="Which client and which organisations an object belongs to",
        description=f"Kinds: {', '.join(sorted(kinds))}.",
    )
    async def ownership(
        kind: Annotated[str, Path(max_length=40)],
        ident: Annotated[UUID, Path()],
        session: SessionDep,
    ) -> OwnershipRead:
        resolver = kinds.get(kind)
        if resolver is None:
            raise invalid("kind", f"must be one of {', '.join(sorted(kinds))}")
        found = await resolver(session, ident)
        if found is None:
            raise not_found(kind, ident)
        return found

    return router


def _batch_route(router: APIRouter, batches: Mapping[str, BatchResolver]) -> None:
    @router.post(
        OWNERSHIP_BATCH_PATH,
        response_model=OwnershipPage,
        responses={422: OWNERSHIP_RESPONSES[422]},
        summary="Which client many objects of one kind belong to (a list's page at once)",
        description=f"Kinds: {', '.join(sorted(batches))}. At most {OWNERSHIP_BATCH_MAX} ids.",
    )
    async def ownership_batch(
        kind: Annotated[str, Path(max_length=40)], body: OwnershipBatch, session: SessionDep
    ) -> Response:
        resolver = batches.get(kind)
        if resolver is None:
            raise invalid("kind", f"must be one of {', '.join(sorted(batches))}")
        page = OwnershipPage(items=await resolver(session, list(dict.fromkeys(body.ids))))
        # Up to a thousand records: serialised once, not validated again on the way out.
        return Response(page.model_dump_json(), media_type="application/json")


class AccessScope(BaseModel):
    """What a caller may list: clients of these areas, its own registrations, its relations.

    A client is visible when any part matches: its region is in `regions`, its
    municipality in `municipalities`, it was registered by `registered_by`, or `related_to`
    has an active relation with it (an agreed service it provides, a referral sent to it).

    For organisations' objects (resource cards, housing networks) the same parts read: the
    object's region is in `regions`, or `related_to` is its owner or takes part in it. An
    empty scope (no part set) lets nothing through.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    regions: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    registered_by: str | None = None
    related_to: UUID | None = None

    def header(self) -> str:
        """Return the header value the gateway sends."""
        return self.model_dump_json(exclude_defaults=True)


async def access_scope(
    scope: Annotated[
        str | None,
        Header(
            alias=SCOPE_HEADER,
            include_in_schema=False,
            description="Set by the gateway: the caller's scope (internal credential only)",
        ),
    ] = None,
) -> AccessScope | None:
    """Return the caller's scope from the gateway's header; None for an internal, unscoped call."""
    if scope is None:
        return None
    try:
        return AccessScope.model_validate_json(scope)
    except ValidationError:
        raise invalid(SCOPE_HEADER, "is not an access scope") from None


ScopeDep = Annotated[AccessScope | None, Depends(access_scope)]
