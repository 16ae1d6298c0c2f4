"""Pytest fixtures shared by every suite: broker, PostgreSQL, a database URL per backend."""

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tukiverkko_common.broker import EmbeddedBroker
from tukiverkko_common.ids import new_id
from tukiverkko_common.testing.postgres import PostgresServer, find_bindir

NO_POSTGRES = (
    "PostgreSQL binaries not found (install Debian's postgresql); PostgreSQL variants skipped"
)


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker | None]:
    """The embedded Tansu broker for the session (None when KAFKA_BOOTSTRAP_SERVERS names a cluster)."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield None
        return
    with EmbeddedBroker(log_path=tmp_path_factory.mktemp("broker") / "broker.log") as running:
        yield running


@pytest.fixture(scope="session")
def bootstrap_servers(broker: EmbeddedBroker | None) -> str:
    """Where Kafka clients in the tests connect."""
    if servers := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return servers
    assert broker is not None  # the broker fixture starts one unless the variable is set
    return broker.bootstrap_servers


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | None]:
    """A PostgreSQL server for the session, or None where the binaries are missing."""
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail(NO_POSTGRES + " — CI must run the PostgreSQL variants")
        yield None
        return
    server = PostgresServer(bindir).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    server: PostgresServer | None = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip(NO_POSTGRES)
    yield await server.create_database(f"t_{new_id().hex}")


def unique_topic_suffix() -> str:
    """Return a suffix that keeps one test's topics and groups apart from another's."""
    return new_id().hex[-12:]
