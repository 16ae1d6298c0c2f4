"""Must-show 7: `make run` brings every deployable up, ready, and Ctrl-C stops them all."""

import os
import random
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tukiverkko_common.broker import free_port
from tukiverkko_common.launcher import discover

ROOT = Path(__file__).resolve().parents[2]
READY_BUDGET_SECONDS = 60


def _free_offset(ports: list[int]) -> int:
    for _ in range(50):
        offset = random.randrange(
            10_000, 24_000, 10
        )  # below the ephemeral range other tests draw from
        if all(_port_free(p + offset) for p in ports):
            return offset
    raise RuntimeError("no free port range")


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _start(data_dir: Path, offset: int) -> subprocess.Popen:
    env = dict(
        os.environ,
        TUKIVERKKO_DATA_DIR=str(data_dir),
        TUKIVERKKO_PORT_OFFSET=str(offset),
        TUKIVERKKO_BROKER_PORT=str(free_port()),
    )
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    return subprocess.Popen(
        ["make", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _wait_for_banner(process: subprocess.Popen, timeout: float) -> tuple[float, list[str]]:
    """Read output until the banner; return seconds from 'starting' to 'running' and the lines."""
    lines: list[str] = []
    started_at = None
    ready_after = float("inf")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if line.startswith("starting "):
            started_at = time.monotonic()
        if "Tukiverkko is running." in line and started_at is not None:
            ready_after = time.monotonic() - started_at
        if "Press Ctrl-C to stop." in line and started_at is not None:
            return ready_after, lines
    raise AssertionError("make run never reported ready:\n" + "\n".join(lines[-30:]))


def _ctrl_c(process: subprocess.Popen) -> str:
    os.killpg(process.pid, signal.SIGINT)
    rest, _ = process.communicate(timeout=60)
    return rest


@pytest.mark.slow
def test_make_run_starts_every_process_ready_and_ctrl_c_stops_them(tmp_path: Path):
    deployables = discover(ROOT)
    assert {"gateway", "plans", "consent"} <= {d.name for d in deployables}
    offset = _free_offset([d.port for d in deployables])
    data_dir = tmp_path / "var"
    for run in (1, 2):  # the second run reuses the data of the first
        process = _start(data_dir, offset)
        try:
            seconds, lines = _wait_for_banner(process, timeout=240)
            assert seconds <= READY_BUDGET_SECONDS, f"run {run}: ready after {seconds:.1f}s"
            banner = "\n".join(
                lines[next(i for i, line in enumerate(lines) if "Tukiverkko is running." in line) :]
            )
            gateway = next(d for d in discover(ROOT, offset) if d.is_gateway)
            assert banner.index(f"{gateway.url}/docs") < banner.index("plans "), (
                "gateway docs are printed first"
            )
            for deployable in discover(ROOT, offset):
                with urllib.request.urlopen(
                    f"{deployable.url}/health/ready", timeout=5
                ) as response:
                    assert response.status == 200, deployable.name
        finally:
            rest = _ctrl_c(process)
        assert "all processes stopped." in rest
        assert process.returncode in (0, 130, -signal.SIGINT), (
            "make run ended by Ctrl-C, not by an error"
        )
        for deployable in discover(ROOT, offset):
            assert _port_free(deployable.port), f"{deployable.name} still listening after Ctrl-C"
        databases = sorted(p.name for p in data_dir.glob("*.db"))
        assert {f"{d.name}.db" for d in deployables} <= set(databases)
