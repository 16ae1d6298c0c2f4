"""`make run`: the embedded platform — a local broker and every deployable in the tree.

Deployables are found, not listed: any `services/*/pyproject.toml` or
`gateway/pyproject.toml` with a `[tool.tukiverkko]` table (app factory, port) joins.
Each runs as its own uvicorn process on 127.0.0.1 with its SQLite file under the data
directory; the broker is the embedded Tansu unless KAFKA_BOOTSTRAP_SERVERS names one.
`--replicas gateway=2,plans=2` runs the replica profile on PostgreSQL instead (replicas.py).
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
from typing import TYPE_CHECKING, NoReturn

from tukiverkko_common.broker import EmbeddedBroker, free_port
from tukiverkko_common.replicas import (
    Launch,
    default_plan,
    parse_replicas,
    replica_profile,
)
from tukiverkko_common.settings import uvicorn_proxy_args
from tukiverkko_common.supervisor import Supervisor

if TYPE_CHECKING:
    from tukiverkko_common.testing.postgres import PostgresServer

DEFAULT_BROKER_PORT = 9092


@dataclass(frozen=True)
class Deployable:
    """One process the launcher starts."""

    name: str
    app: str
    port: int
    is_gateway: bool
    worker: str = ""
    """The worker entry point (`module:function`) that runs the loops without the API."""

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
                worker=table.get("worker", ""),
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


def spawn(launch: Launch, env: dict[str, str], log_dir: Path) -> subprocess.Popen:
    """Start one process, its output going to <log_dir>/<name>.log."""
    log = open(log_dir / f"{launch.name}.log", "ab")  # noqa: SIM115 - owned by the child
    argv = list(launch.argv)
    if launch.serves_app:
        argv += uvicorn_proxy_args(env.get("TUKIVERKKO_FORWARDED_ALLOW_IPS", ""))
    return subprocess.Popen(
        argv,
        env=env | dict(launch.env),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def is_ready(launch: Launch) -> bool:
    """Return True when the process answers 200 on its readiness URL (or has none)."""
    if launch.ready_url is None:
        return True
    try:
        with urllib.request.urlopen(launch.ready_url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_ready(processes: dict[Launch, subprocess.Popen], timeout: float) -> list[Launch]:
    """Wait until every process is ready; return those that are not (died or timed out)."""
    deadline = time.monotonic() + timeout
    pending = set(processes)
    while pending and time.monotonic() < deadline:
        for launch in list(pending):
            if processes[launch].poll() is not None:
                return [launch]
            if is_ready(launch):
                pending.discard(launch)
        time.sleep(0.2)
    return sorted(pending, key=lambda d: d.name)


def stop_all(processes: dict[Launch, subprocess.Popen], timeout: float = 15.0) -> None:
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


def print_banner(plan: list[Launch], deployables: list[Deployable], where: dict[str, str]) -> None:
    """Print where everything is, gateway documentation first."""
    lines = ["", "Tukiverkko is running."]
    for d in deployables:
        if d.is_gateway:
            lines.append(f"  API docs (gateway)  {d.url}/docs")
            lines.append(f"  AsyncAPI (events)   {d.url}/api/v1/asyncapi.json")
    for launch in plan:
        if launch.url is None and launch.ready_url is not None:  # a worker's health endpoint
            lines.append(
                f"  {launch.name:<19} relay, consumer and loops (ready {launch.ready_url})"
            )
        elif launch.url is None:
            lines.append(f"  {launch.name:<19} (no HTTP: relay, consumer and background loops)")
        else:
            url = launch.url
            lines.append(f"  {launch.name:<19} {url}  (docs {url}/docs, ready {url}/health/ready)")
    lines += [f"  {name:<19} {value}" for name, value in where.items()]
    lines += ["Press Ctrl-C to stop.", ""]
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
    parser.add_argument(
        "--replicas",
        type=parse_replicas,
        default=None,
        metavar="NAME=N,…",
        help="API processes per deployable (e.g. gateway=2,plans=2; others 1), each deployable's "
        "loops in one worker process, on PostgreSQL (implies --postgres)",
    )
    parser.add_argument(
        "--only",
        type=lambda text: {n.strip() for n in text.split(",") if n.strip()},
        default=None,
        metavar="NAME,…",
        help="start only these deployables (e.g. gateway,plans,consent)",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="Debian's PostgreSQL, its cluster in <data dir>/postgres, one database per deployable",
    )
    return parser.parse_args(argv)


@dataclass
class _Platform:
    """What main started besides the supervised processes, to stop it at the end."""

    broker: EmbeddedBroker | None = None
    postgres: "PostgresServer | None" = None

    def stop(self) -> None:
        if self.broker is not None:
            self.broker.stop()
        if self.postgres is not None:
            self.postgres.stop()


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
    unknown = (set(args.replicas or {}) | (args.only or set())) - {d.name for d in deployables}
    if unknown:  # before anything starts
        print(f"no such deployable: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    if args.only:
        deployables = [d for d in deployables if d.name in args.only]
    for sig in (
        signal.SIGINT,
        signal.SIGTERM,
    ):  # SIGINT too: a background start may have it ignored
        signal.signal(sig, _interrupt)
    started = _Platform()
    supervisor: Supervisor[Launch] = Supervisor(
        spawn=lambda launch: spawn(launch, env, log_dir),
        name=lambda launch: launch.name,
        pid_dir=data_dir / "run",
    )
    try:
        bootstrap = _broker(args, log_dir, started)
        env = child_environment(deployables, bootstrap, data_dir)
        if args.replicas is None and not args.postgres:
            plan, where = default_plan(deployables), dict[str, str]()
        else:
            print("starting PostgreSQL, migrating each deployable's database …", flush=True)
            plan, where, started.postgres = replica_profile(
                deployables, args.replicas or {}, env, data_dir
            )
        for launch in plan:
            supervisor.start(launch)
        print(f"starting {', '.join(launch.name for launch in plan)} …", flush=True)
        if not _started(supervisor.processes, args.ready_timeout, log_dir):
            return 1
        print_banner(
            plan,
            deployables,
            {"broker": bootstrap, **where, "data": str(data_dir), "logs": str(log_dir)},
        )
        _supervise(supervisor, started.broker, data_dir / "run")
    except KeyboardInterrupt:
        print("\nstopping …", flush=True)
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"make run: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        # Ctrl-C reaches us more than once (the terminal, make and uv all pass it on);
        # the shutdown itself must not be interrupted, or children would be orphaned.
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        stop_all(supervisor.processes)
        started.stop()
        print("all processes stopped.", flush=True)


def _broker(args: argparse.Namespace, log_dir: Path, started: _Platform) -> str:
    """Return the bootstrap servers: KAFKA_BOOTSTRAP_SERVERS, or the embedded broker started now."""
    if bootstrap := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return bootstrap
    port = args.broker_port or _default_broker_port(args.port_offset)
    started.broker = EmbeddedBroker(port=port, log_path=log_dir / "broker.log").start()
    return started.broker.bootstrap_servers


def _started(processes: dict[Launch, subprocess.Popen], timeout: float, log_dir: Path) -> bool:
    """Wait for the first start; a process that cannot start at all is a setup error, not a crash."""
    not_ready = wait_ready(processes, timeout)
    for d in not_ready:
        why = "exited" if processes[d].poll() is not None else f"not ready within {timeout:.0f}s"
        print(f"{d.name}: {why}; see {log_dir / (d.name + '.log')}", file=sys.stderr, flush=True)
    return not not_ready


def _supervise(
    supervisor: Supervisor[Launch], broker: EmbeddedBroker | None, pid_dir: Path
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
