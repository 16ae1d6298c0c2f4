"""Each process's PostgreSQL pool is sized from its settings, so a deployment can fit its
replicas and workers inside the server's max_connections."""

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from tukiverkko_common.db import create_engine, pool_options
from tukiverkko_common.settings import ServiceSettings

PG = "postgresql+asyncpg://tukiverkko@127.0.0.1:5432/plans"


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_")


async def test_the_pool_takes_its_size_from_the_services_environment(monkeypatch):
    monkeypatch.setenv("DEMO_DATABASE_POOL_SIZE", "4")
    monkeypatch.setenv("DEMO_DATABASE_MAX_OVERFLOW", "2")
    settings = DemoSettings(service_name="demo", environment="development")
    engine = create_engine(PG, **pool_options(PG, settings))  # no connection is opened
    try:
        assert (engine.pool.size(), engine.pool._max_overflow) == (4, 2)  # type: ignore[attr-defined]
    finally:
        await engine.dispose()


def test_sqlite_keeps_its_own_pool_and_a_nonsense_size_is_refused_by_name(monkeypatch):
    settings = DemoSettings(service_name="demo", environment="development")
    assert pool_options("sqlite+aiosqlite:///var/demo.db", settings) == {}
    monkeypatch.setenv("DEMO_DATABASE_POOL_SIZE", "0")
    with pytest.raises(ValidationError, match="database_pool_size"):
        DemoSettings(service_name="demo", environment="development")
