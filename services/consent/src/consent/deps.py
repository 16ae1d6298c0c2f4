"""Dependencies of the routes: the app's settings (the actor is `tukiverkko_common.actors.ActorDep`)."""

from typing import Annotated

from fastapi import Depends

from consent.config import ConsentSettings
from tukiverkko_common.deps import get_settings

SettingsDep = Annotated[ConsentSettings, Depends(get_settings)]
