"""Apps under uvicorn on a free port, the embedded broker, and a throwaway PostgreSQL."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tukiverkko_common.broker import EmbeddedBroker, free_port
from tukiverkko_common.testing.postgres import PostgresServer, find_bindir

BENCH = Path(__file__).resolve().parents[1]


@dataclass
class Process:
    """A deployable under uvicorn in its own process."""

    name: str
    port: int
    popen: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def start_app(
    name: str,
    factory: str,
    env: dict[str, str],
    log_dir: Path,
    uvicorn_args: Sequence[str] = (),
    drop_env: Sequence[str] = (),
) -> Process:
    """Start `factory` under uvicorn (one worker, as `make run` does) and wait until it is live.

    The development environment is set (the benchmarks send the development internal token);
    bench/ is on PYTHONPATH so a factory may live here (passthrough:create_app).
    """
    return wait_live(launch_app(name, factory, env, log_dir, uvicorn_args, drop_env), log_dir)


def start_apps(*launches: Process, log_dir: Path) -> list[Process]:
    """Wait until every launched app is live: apps launched together start side by side
    (each spends seconds importing on one core), so a benchmark waits for the slowest only."""
    try:
        return [wait_live(process, log_dir) for process in launches]
    except BaseException:
        for process in launches:
            process.stop()
        raise


def launch_app(
    name: str,
    factory: str,
    env: dict[str, str],
    log_dir: Path,
    uvicorn_args: Sequence[str] = (),
    drop_env: Sequence[str] = (),
) -> Process:
    """Start `factory` under uvicorn on a free port without waiting (see `start_apps`)."""
    port = free_port()
    child_env = {**os.environ, "TUKIVERKKO_ENV": "development", **env}
    child_env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(BENCH), env.get("PYTHONPATH"))))
    for key in drop_env:
        child_env.pop(key, None)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        factory,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        *uvicorn_args,
    ]
    log = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the child
    popen = subprocess.Popen(command, env=child_env, stdout=log, stderr=subprocess.STDOUT)
    return Process(name, port, popen)


def wait_live(process: Process, log_dir: Path) -> Process:
    """Return the process once its /health/live answers; stop it and raise if it never does."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited; see {log_dir / (process.name + '.log')}")
        try:
            with urllib.request.urlopen(f"{process.url}/health/live", timeout=1) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.stop()
    raise TimeoutError(f"{process.name} did not start; see {log_dir / (process.name + '.log')}")


@contextlib.contextmanager
def broker(log_dir: Path | None = None) -> Iterator[EmbeddedBroker]:
    """The embedded Kafka-protocol broker for the duration of the block."""
    server = EmbeddedBroker(log_path=log_dir / "broker.log" if log_dir else None).start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def postgres(wanted: bool = True) -> Iterator[PostgresServer | None]:
    """A throwaway PostgreSQL server (the tests' helper), or None where not wanted or installed."""
    bindir = find_bindir() if wanted else None
    if wanted and bindir is None:
        print("PostgreSQL binaries not found: the PostgreSQL part is skipped")
    server = PostgresServer(bindir).start() if bindir else None
    try:
        yield server
    finally:
        if server is not None:
            server.stop()
