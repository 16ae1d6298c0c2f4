"""The compose init script on a real PostgreSQL: one role per database, passwords only as PGPASSWORD."""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tukiverkko_common.launcher import discover
from tukiverkko_common.testing.postgres import PostgresServer, find_bindir

ROOT = Path(__file__).resolve().parents[2]
NAMES = [d.name for d in discover(ROOT)]
pytestmark = pytest.mark.postgres


def _password(name: str) -> str:
    return f"example-{name}-password"


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    """A server whose deployable roles must log in with a password (SCRAM), set up by the script."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not installed (.ci/run installs Debian's postgresql)")
    server = PostgresServer(bindir).start()
    try:
        hba = server.datadir / "pg_hba.conf"
        rule = f"host all {','.join(NAMES)} 127.0.0.1/32 scram-sha-256\n"
        hba.write_text(rule + hba.read_text())
        env = {
            **os.environ,
            "PATH": f"{bindir}:{os.environ['PATH']}",
            "POSTGRES_USER": "postgres",
            "PGHOST": "127.0.0.1",
            "PGPORT": str(server.port),
        } | {f"{n.upper()}_DB_PASSWORD": _password(n) for n in NAMES}
        reload = ["psql", "-U", "postgres", "-d", "postgres", "-c", "SELECT pg_reload_conf()"]
        subprocess.run(reload, env=env, check=True, capture_output=True)
        script = ROOT / "deploy/postgres/init-databases.sh"
        subprocess.run(["sh", str(script)], env=env, check=True, capture_output=True)
        yield server
    finally:
        server.stop()


async def _current_user(server: PostgresServer, role: str, database: str) -> str:
    # The URL as compose writes it (role, no password), with the test server's address.
    engine = create_async_engine(f"postgresql+asyncpg://{role}@127.0.0.1:{server.port}/{database}")
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text("SELECT current_user"))).scalar_one()
    finally:
        await engine.dispose()


@pytest.mark.parametrize("name", NAMES)
async def test_each_deployable_reaches_its_database_with_pgpassword_only(server, name, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", _password(name))
    assert await _current_user(server, name, name) == name
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with pytest.raises(Exception, match="password authentication failed"):
        await _current_user(server, name, name)


async def test_a_role_cannot_open_another_deployables_database(server, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", _password(NAMES[1]))
    with pytest.raises(Exception, match="permission denied for database"):
        await _current_user(server, NAMES[1], NAMES[2])
