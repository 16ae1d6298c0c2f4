"""Every service serves with the cyclic collector kept lean, and leaves it as it found it."""

import gc

from asgi_lifespan import LifespanManager
from fastapi import APIRouter
from pydantic_settings import SettingsConfigDict
from sqlalchemy import MetaData

from tukiverkko_common.app import build_app
from tukiverkko_common.collector import YOUNG_THRESHOLD
from tukiverkko_common.runtime import ServiceSpec
from tukiverkko_common.settings import ServiceSettings


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_")


async def test_an_app_serves_with_its_long_lived_objects_frozen_and_a_high_young_threshold(
    tmp_path,
):
    settings = DemoSettings(
        service_name="demo",
        environment="development",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}",
        run_workers=False,
    )
    spec = ServiceSpec(
        name="demo", title="Demo", description="", settings=settings, metadata=MetaData(),
        tables=None, routers=[APIRouter()],
    )  # fmt: skip
    before = gc.get_threshold()
    async with LifespanManager(build_app(spec)):
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
