"""Route dependencies every service shares beyond the session and unit of work in `app`."""

from tukiverkko_common.app import RuntimeDep
from tukiverkko_common.settings import ServiceSettings


async def get_settings(runtime: RuntimeDep) -> ServiceSettings:
    """Return the settings the app was built with.

    Each service declares `SettingsDep = Annotated[<Its>Settings, Depends(get_settings)]`, so its
    routes see their own settings class.
    """
    return runtime.settings
