"""Dependencies of the routes: the app's settings and consent client (the actor is `tukiverkko_common.actors.ActorDep`)."""

from typing import Annotated

from fastapi import Depends, Request

from resources.config import ResourcesSettings
from resources.service.consent_gate import ConsentGate
from tukiverkko_common.deps import get_settings

SettingsDep = Annotated[ResourcesSettings, Depends(get_settings)]


async def get_gate(request: Request) -> ConsentGate:
    """Return the app's client of the consent service."""
    gate: ConsentGate = request.app.state.consent
    return gate


GateDep = Annotated[ConsentGate, Depends(get_gate)]
