"""Dependencies of the routes: who is acting, and the app's settings."""

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Request

from consent.config import ConsentSettings


@dataclass(frozen=True)
class Actor:
    """The organisation and pseudonymous user the gateway authenticated."""

    organisation_id: UUID
    user_id: str | None


def actor(
    x_actor_organisation: Annotated[
        UUID, Header(description="Caller's organisation, set by the gateway")
    ],
    x_actor_user: Annotated[
        str | None, Header(max_length=200, description="Pseudonymous user id, set by the gateway")
    ] = None,
) -> Actor:
    """Return who is making a change, as the gateway authenticated them."""
    return Actor(organisation_id=x_actor_organisation, user_id=x_actor_user)


def settings_of(request: Request) -> ConsentSettings:
    """Return this app's settings."""
    return request.app.state.runtime.settings


ActorDep = Annotated[Actor, Depends(actor)]
SettingsDep = Annotated[ConsentSettings, Depends(settings_of)]
