"""`make run`: the embedded platform — a local broker and every deployable in the tree.

Deployables are found, not listed: any `services/*/pyproject.toml` or
`gateway/pyproject.toml` with a `[tool.tukiverkko]` table (app factory, port) joins.
Each runs as its own uvicorn process on 127.0.0.1 with its SQLite file under the data
directory; the broker is the embedded Tansu unless KAFKA_BOOTSTRAP_SERVERS names one.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from tukiverkko_common.broker import EmbeddedBroker, free_port
from tukiverkko_common.settings import uvicorn_proxy_args
from tukiverkko_common.supervisor import Supervisor

DEFAULT_BROKER_PORT = 9092


@dataclass(frozen=True)
class Deployable:
    """One process the launcher starts."""

    name: str
    app: str
    port: int
    is_gateway: bool

    @property
    def url(self) -> str:
        """Return the base URL the process listens on."""
        return f"http://127.0.0.1:{self.port}"


def discover(root: Path, port_offset: int = 0) -> list[Deployable]:
    """Return the gateway and every service under `root`, gateway first."""
    found = []
    for pyproject in [
        root / "gateway" / "pyproject.toml",
        *sorted(root.glob("services/*/pyproject.toml")),
    ]:
        if not pyproject.exists():
            continue
        table = tomllib.loads(pyproject.read_text()).get("tool", {}).get("tukiverkko")
        if not table:
            continue
        found.append(
            Deployable(
                name=pyproject.parent.name,
                app=table["app"],
                port=int(table["port"]) + port_offset,
                is_gateway=table.get("role") == "gateway",
            )
        )
    return found


def child_environment(
    deployables: list[Deployable], bootstrap: str, data_dir: Path
) -> dict[str, str]:
    """Return the environment every child process shares."""
    env = dict(os.environ)
    env.setdefault("TUKIVERKKO_ENV", "development")
    env["TUKIVERKKO_DATA_DIR"] = str(data_dir)
    env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap
    env["TUKIVERKKO_UPSTREAMS"] = json.dumps(
        {d.name: d.url for d in deployables if not d.is_gateway}
    )
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def spawn(deployable: Deployable, env: dict[str, str], log_dir: Path) -> subprocess.Popen:
    """Start one deployable under uvicorn, its output going to <log_dir>/<name>.log."""
    log = open(log_dir / f"{deployable.name}.log", "ab")  # noqa: SIM115 - owned by the child
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        deployable.app,
        "--host",
        "127.0.0.1",
        "--port",
        str(deployable.port),
        "--no-access-log",
        "--timeout-graceful-shutdown",
        "10",
        *uvicorn_proxy_args(env.get("TUKIVERKKO_FORWARDED_ALLOW_IPS", "")),
    ]
    return subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def is_ready(deployable: Deployable) -> bool:
    """Return True when the process answers 200 on /health/ready."""
    try:
        with urllib.request.urlopen(f"{deployable.url}/health/ready", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_ready(processes: dict[Deployable, subprocess.Popen], timeout: float) -> list[Deployable]:
    """Wait until every process is ready; return those that are not (died or timed out)."""
    deadline = time.monotonic() + timeout
    pending = set(processes)
    while pending and time.monotonic() < deadline:
        for deployable in list(pending):
            if processes[deployable].poll() is not None:
                return [deployable]
            if is_ready(deployable):
                pending.discard(deployable)
        time.sleep(0.2)
    return sorted(pending, key=lambda d: d.name)


def stop_all(processes: dict[Deployable, subprocess.Popen], timeout: float = 15.0) -> None:
    """Ask every process to stop (SIGTERM), then kill what has not stopped in time."""
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes.values():
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def print_banner(
    deployables: list[Deployable], bootstrap: str, data_dir: Path, log_dir: Path
) -> None:
    """Print where everything is, gateway documentation first."""
    lines = ["", "Tukiverkko is running."]
    for d in deployables:
        if d.is_gateway:
            lines.append(f"  API docs (gateway)  {d.url}/docs")
            lines.append(f"  AsyncAPI (events)   {d.url}/api/v1/asyncapi.json")
    for d in deployables:
        lines.append(f"  {d.name:<19} {d.url}  (docs {d.url}/docs, ready {d.url}/health/ready)")
    lines += [
        f"  broker              {bootstrap}",
        f"  data                {data_dir}",
        f"  logs                {log_dir}",
        "Press Ctrl-C to stop.",
        "",
    ]
    print("\n".join(lines), flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make run", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("TUKIVERKKO_DATA_DIR", "var"))
    )
    parser.add_argument(
        "--port-offset", type=int, default=int(os.environ.get("TUKIVERKKO_PORT_OFFSET", "0"))
    )
    parser.add_argument(
        "--broker-port", type=int, default=int(os.environ.get("TUKIVERKKO_BROKER_PORT", "0"))
    )
    parser.add_argument("--ready-timeout", type=float, default=60.0)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the platform until Ctrl-C (or SIGTERM); return the exit status."""
    args = parse_args(argv)
    data_dir = args.data_dir.resolve()
    log_dir = data_dir / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    deployables = discover(args.root.resolve(), args.port_offset)
    if not deployables:
        print(
            "no deployables found (services/*/pyproject.toml with [tool.tukiverkko])",
            file=sys.stderr,
        )
        return 1
    broker = None
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not bootstrap:
        port = args.broker_port or _default_broker_port(args.port_offset)
        broker = EmbeddedBroker(port=port, log_path=log_dir / "broker.log").start()
        bootstrap = broker.bootstrap_servers
    for sig in (
        signal.SIGINT,
        signal.SIGTERM,
    ):  # SIGINT too: a background start may have it ignored
        signal.signal(sig, _interrupt)
    env = child_environment(deployables, bootstrap, data_dir)
    supervisor: Supervisor[Deployable] = Supervisor(
        spawn=lambda d: spawn(d, env, log_dir), name=lambda d: d.name, pid_dir=data_dir / "run"
    )
    try:
        for deployable in deployables:
            supervisor.start(deployable)
        print(f"starting {', '.join(d.name for d in deployables)} …", flush=True)
        if not _started(supervisor.processes, args.ready_timeout, log_dir):
            return 1
        print_banner(deployables, bootstrap, data_dir, log_dir)
        _supervise(supervisor, broker, data_dir / "run")
    except KeyboardInterrupt:
        print("\nstopping …", flush=True)
        return 0
    finally:
        # Ctrl-C reaches us more than once (the terminal, make and uv all pass it on);
        # the shutdown itself must not be interrupted, or children would be orphaned.
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        stop_all(supervisor.processes)
        if broker is not None:
            broker.stop()
        print("all processes stopped.", flush=True)


def _started(processes: dict[Deployable, subprocess.Popen], timeout: float, log_dir: Path) -> bool:
    """Wait for the first start; a process that cannot start at all is a setup error, not a crash."""
    not_ready = wait_ready(processes, timeout)
    for d in not_ready:
        why = "exited" if processes[d].poll() is not None else f"not ready within {timeout:.0f}s"
        print(f"{d.name}: {why}; see {log_dir / (d.name + '.log')}", file=sys.stderr, flush=True)
    return not not_ready


def _supervise(
    supervisor: Supervisor[Deployable], broker: EmbeddedBroker | None, pid_dir: Path
) -> NoReturn:
    """Restart crashed processes (and a crashed embedded broker) until interrupted."""
    if broker is not None:
        (pid_dir / "broker.pid").write_text(str(broker.pid))
    while True:
        supervisor.check()
        if broker is not None and not broker.running:
            # Same port, empty memory: the services' broker watch sees the outage, rebuilds
            # their clients and topics, and the relays publish what waited in the outboxes.
            print("broker: stopped; restarting it", file=sys.stderr, flush=True)
            broker.start()
            (pid_dir / "broker.pid").write_text(str(broker.pid))
        time.sleep(0.25)


def _interrupt(signum: int, frame: object) -> None:
    """Treat SIGTERM like Ctrl-C so both stop every child the same way."""
    raise KeyboardInterrupt


def _default_broker_port(port_offset: int = 0) -> int:
    """Use Kafka's usual port (moved by the port offset, like every other port) when it is free,
    so the address stays the same between runs and two stacks side by side do not collide."""
    port = DEFAULT_BROKER_PORT + port_offset
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
            return port
        except OSError:
            return free_port()


if __name__ == "__main__":
    sys.exit(main())
