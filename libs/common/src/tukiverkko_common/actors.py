"""Who is acting: the caller as the gateway authenticated it (headers x-actor-organisation, x-actor-user).

Services trust these headers only because every /api/v1 request also carries the gateway's
internal token; a service never authenticates callers itself.
"""

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header

from tukiverkko_common import context

ORGANISATION_MAX = 64
USER_MAX = 128
"""Lengths an actor read from the request context is cut to, so a stored column never overflows."""


@dataclass(frozen=True)
class Actor:
    """The organisation id and pseudonymous user id the gateway authenticated."""

    organisation: str | None
    user: str | None

    @property
    def organisation_id(self) -> UUID:
        """The organisation as a UUID; routes that store it take the actor from `ActorDep`."""
        if self.organisation is None:
            raise ValueError("no acting organisation")
        return UUID(self.organisation)


def current_actor() -> Actor:
    """Return who is making this request, from the context the middleware filled from the headers."""
    org = context.actor_organisation.get()
    user = context.actor_user.get()
    return Actor(
        organisation=org[:ORGANISATION_MAX] if org else None,
        user=user[:USER_MAX] if user else None,
    )


async def required_actor(
    x_actor_organisation: Annotated[
        UUID, Header(description="Caller's organisation, set by the gateway")
    ],
    x_actor_user: Annotated[
        str | None, Header(max_length=200, description="Pseudonymous user id, set by the gateway")
    ] = None,
) -> Actor:
    """Return who is making a change; a request without a valid organisation header is a 422."""
    return Actor(organisation=str(x_actor_organisation), user=x_actor_user)


ActorDep = Annotated[Actor, Depends(required_actor)]
"""The actor of a route that records who changed something (documented as header parameters)."""
