"""A flood of failed logins must not take the gateway past its pod's memory limit.

The gateway runs in its own process (as in production), so its resident memory can be read
from /proc; the peak (VmHWM) is what the kernel's memory limit would have seen.
"""

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from gateway.admin import app as admin_app
from tukiverkko_common.broker import free_port

FLOOD = 32
"""Concurrent garbage logins (the attack measured 24 taking the gateway from 146 to 531 MB)."""
PEAK_GROWTH_LIMIT_MIB = 200
"""Two Argon2 checks at 64 MiB each, plus room for the interpreter; before the bound: 385 MiB."""

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")


def _admin(db_url: str, *args: str) -> dict:
    env = {"GATEWAY_DATABASE_URL": db_url, "TUKIVERKKO_ENV": "development"}
    result = CliRunner().invoke(admin_app, [*args, "--json"], env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc status")


@pytest.fixture
def gateway_process(tmp_path: Path, bootstrap_servers: str) -> Iterator[tuple[str, int, dict]]:
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}"
    org = _admin(
        db_url,
        "org",
        "add",
        "--name",
        "Tulvan kohde",
        "--role",
        "municipality",
        "--municipality",
        "286",
    )
    client = _admin(db_url, "client", "add", org["id"])
    port = free_port()
    env = {
        **os.environ,
        "TUKIVERKKO_ENV": "development",
        "GATEWAY_DATABASE_URL": db_url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers,
        "GATEWAY_SERVICE_NAME": f"gateway-flood-{port}",
        "GATEWAY_LOG_LEVEL": "WARNING",
        # Every attempt must reach the hash: the bound under test is the hashing, not the lockout.
        "GATEWAY_TOKEN_LOCKOUT_FAILURES": "100000",
        "GATEWAY_TOKEN_ENDPOINT_PER_MINUTE": "100000",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "gateway.main:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
    ]
    log = open(tmp_path / "gateway.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}", process.pid, client
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


async def _wait_ready(http: httpx.AsyncClient) -> None:
    for _ in range(600):
        try:
            if (await http.get("/health/live")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("the gateway did not start")


async def test_concurrent_garbage_logins_keep_the_peak_memory_bounded(gateway_process):
    url, pid, client = gateway_process
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        await _wait_ready(http)

        async def login(client_id: str) -> int:
            form = {
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": "garbage",
            }
            return (await http.post("/api/v1/oauth/token", data=form)).status_code

        assert await login(client["client_id"]) == 401, "warm-up: one check at its real cost"
        before = _peak_rss_mib(pid)
        ids = [client["client_id"] if i % 2 else f"tvc_{i:024x}" for i in range(FLOOD)]
        statuses = await asyncio.gather(*(login(i) for i in ids))
        growth = _peak_rss_mib(pid) - before
    assert set(statuses) <= {401, 503}, statuses
    print(f"peak RSS growth under {FLOOD} concurrent garbage logins: {growth:.0f} MiB")
    assert growth < PEAK_GROWTH_LIMIT_MIB, f"peak RSS grew by {growth:.0f} MiB"
