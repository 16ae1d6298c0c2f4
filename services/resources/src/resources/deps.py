"""Dependencies of the routes: the app's settings (the actor is `tukiverkko_common.actors.ActorDep`)."""

from typing import Annotated

from fastapi import Depends

from resources.config import ResourcesSettings
from tukiverkko_common.deps import get_settings

SettingsDep = Annotated[ResourcesSettings, Depends(get_settings)]
