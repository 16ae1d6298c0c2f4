"""Must-show 7: `make run` brings every deployable up, ready, and Ctrl-C stops them all;
a process killed under it is restarted while the others keep answering."""

import os
import random
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tukiverkko_common.broker import free_port
from tukiverkko_common.launcher import (
    DEFAULT_BROKER_PORT,
    Deployable,
    _default_broker_port,
    discover,
)

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


def _start(data_dir: Path, offset: int, *, broker_port: bool = True) -> subprocess.Popen:
    env = dict(os.environ, TUKIVERKKO_DATA_DIR=str(data_dir), TUKIVERKKO_PORT_OFFSET=str(offset))
    if broker_port:
        env["TUKIVERKKO_BROKER_PORT"] = str(free_port())
    else:  # the broker's port follows the offset, like every other port
        env.pop("TUKIVERKKO_BROKER_PORT", None)
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


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class _LivenessPoller(threading.Thread):
    """Poll /health/live of some processes until stopped; remember every failed poll."""

    def __init__(self, deployables: list[Deployable]) -> None:
        super().__init__(daemon=True)
        self.deployables = deployables
        self.polls = 0
        self.failures: list[str] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for d in self.deployables:
                if not _answers(f"{d.url}/health/live"):
                    self.failures.append(d.name)
            self.polls += 1
            self.done.wait(0.1)


def _pid(path: Path) -> int:
    """Return the pid in a pid file, 0 while it is being rewritten."""
    try:
        return int(path.read_text())
    except ValueError:
        return 0


def _wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} not within {timeout}s")


@pytest.mark.slow
def test_a_killed_process_is_restarted_while_the_others_keep_answering(tmp_path: Path):
    deployables = discover(ROOT)
    offset = _free_offset([*(d.port for d in deployables), DEFAULT_BROKER_PORT])
    data_dir = tmp_path / "var"
    running = discover(ROOT, offset)
    victim = next(d for d in running if d.name == "plans")
    others = [d for d in running if d is not victim]
    process = _start(data_dir, offset, broker_port=False)
    poller = _LivenessPoller(others)
    try:
        _, lines = _wait_for_banner(process, timeout=240)
        assert any(f"127.0.0.1:{DEFAULT_BROKER_PORT + offset}" in line for line in lines), (
            "TUKIVERKKO_PORT_OFFSET moves the embedded broker's port too"
        )
        pid_file = data_dir / "run" / "plans.pid"
        old_pid = _pid(pid_file)
        poller.start()
        _wait_for(lambda: poller.polls >= 3, 30, "liveness polls")
        os.kill(old_pid, signal.SIGKILL)
        _wait_for(lambda: _pid(pid_file) not in (old_pid, 0), 60, "plans restarted")
        _wait_for(lambda: _answers(f"{victim.url}/health/ready"), 90, "plans ready again")
        polls_after = poller.polls + 3
        _wait_for(lambda: poller.polls >= polls_after, 30, "liveness polls after the restart")
        broker_pid = _pid(data_dir / "run" / "broker.pid")
        os.kill(broker_pid, signal.SIGKILL)  # the embedded broker is supervised too
        _wait_for(
            lambda: _pid(data_dir / "run" / "broker.pid") not in (broker_pid, 0),
            60,
            "broker restarted",
        )
        assert all(_answers(f"{d.url}/health/ready") for d in running), (
            "every process ready after the broker restart"
        )
    finally:
        poller.done.set()
        rest = _ctrl_c(process)
    assert poller.failures == [], "the other processes kept answering while plans was down"
    assert "plans: killed by SIGKILL; restarting in" in rest + "\n".join(lines)
    assert "(restart 1)" in rest
    assert "broker: stopped; restarting it" in rest
    assert "all processes stopped." in rest
    for deployable in running:
        assert _port_free(deployable.port), f"{deployable.name} still listening after Ctrl-C"


def test_the_port_offset_moves_the_embedded_brokers_default_port():
    offset = _free_offset([DEFAULT_BROKER_PORT])
    assert _default_broker_port(offset) == DEFAULT_BROKER_PORT + offset
