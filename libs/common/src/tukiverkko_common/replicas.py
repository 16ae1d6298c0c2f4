"""What `make run` starts: one process per deployable, or the replica profile on PostgreSQL.

The replica profile (`--replicas gateway=2,plans=2`, which implies `--postgres`) runs what a
cluster runs, on one machine: per deployable, N API processes without background loops,
one worker process (relay, consumer, declared loops), its own PostgreSQL database migrated
once before anything starts (the cluster is kept in <data dir>/postgres, so a second run
finds the first's data), and, where N > 1, a TCP round robin on the deployable's usual
port in front of the replicas (the stand-in for a Kubernetes Service). Replica i listens on
the usual port + i × REPLICA_PORT_STEP; the worker answers health probes on the usual port +
WORKER_HEALTH_PORT_STEP, and the launcher waits for it to be ready like the APIs.
"""

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tukiverkko_common.launcher import Deployable
    from tukiverkko_common.testing.postgres import PostgresServer

REPLICA_PORT_STEP = 1000
WORKER_HEALTH_PORT_STEP = 500


@dataclass(frozen=True)
class Launch:
    """One process the launcher starts and supervises."""

    name: str
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    ready_url: str | None = None
    """Answers 200 when the process is ready; None: ready while it runs (workers)."""
    url: str | None = None
    serves_app: bool = False
    """A uvicorn server: the launcher adds the proxy options the environment sets."""


def env_prefix(name: str) -> str:
    """Return a deployable's settings prefix (`plans` → `PLANS_`), as every settings class names it."""
    return name.upper().replace("-", "_") + "_"


def parse_replicas(text: str) -> dict[str, int]:
    """Parse `gateway=2,plans=2` into counts; raise ValueError naming what is wrong."""
    counts: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, count = part.partition("=")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"--replicas: {part!r} is not NAME=COUNT with COUNT ≥ 1")
        counts[name.strip()] = int(count)
    return counts


def uvicorn_argv(app: str, port: int) -> tuple[str, ...]:
    """Return the command that serves an app factory on 127.0.0.1:port (proxy options apart)."""
    return (
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--timeout-graceful-shutdown",
        "10",
    )


def default_plan(deployables: list["Deployable"]) -> list[Launch]:
    """One process per deployable, its background loops inside (the plain `make run`)."""
    return [
        Launch(d.name, uvicorn_argv(d.app, d.port), (), _ready(d.url), d.url, serves_app=True)
        for d in deployables
    ]


def replica_plan(
    deployables: list["Deployable"],
    counts: dict[str, int],
    database_urls: dict[str, str],
) -> list[Launch]:
    """API replicas, one worker and (for N > 1) a balancer per deployable."""
    plan: list[Launch] = []
    for d in deployables:
        plan += _deployable_plan(d, counts.get(d.name, 1), database_urls[d.name])
    return plan


def _deployable_plan(d: "Deployable", count: int, database_url: str) -> list[Launch]:
    prefix = env_prefix(d.name)
    db = ((f"{prefix}DATABASE_URL", database_url), (f"{prefix}MIGRATE_ON_START", "0"))
    # Without a worker entry point the APIs keep their loops; the relay lease still lets
    # only one of them publish.
    api_env = (*db, (f"{prefix}RUN_WORKERS", "0")) if d.worker else db
    ports = [d.port + i * REPLICA_PORT_STEP for i in range(1, count + 1)] if count > 1 else [d.port]
    plan = [
        Launch(
            f"{d.name}-{i}",
            uvicorn_argv(d.app, port),
            api_env,
            _ready(f"http://127.0.0.1:{port}"),
            f"http://127.0.0.1:{port}",
            serves_app=True,
        )
        for i, port in enumerate(ports, start=1)
    ]
    if d.worker:
        health = d.port + WORKER_HEALTH_PORT_STEP
        worker_env = (*db, ("TUKIVERKKO_WORKER_HEALTH_PORT", str(health)))
        ready = _ready(f"http://127.0.0.1:{health}")
        plan.append(Launch(f"{d.name}-worker", worker_argv(d), worker_env, ready))
    if count > 1:
        balancer = (sys.executable, "-m", "tukiverkko_common.balancer", str(d.port))
        argv = (*balancer, *map(str, ports))
        plan.append(Launch(f"{d.name}-balancer", argv, (), _ready(d.url), d.url))
    return plan


def worker_argv(deployable: "Deployable") -> tuple[str, ...]:
    """Return the command that runs a deployable's worker entry point (`module:function`)."""
    module, _, function = deployable.worker.partition(":")
    return (sys.executable, "-c", f"from {module} import {function or 'main'} as m; m()")


def start_postgres(names: list[str], root: Path | None) -> tuple["PostgresServer", dict[str, str]]:
    """Start Debian's PostgreSQL as the tests do, its cluster kept under `root` (None: a
    temporary one), with one database per deployable."""
    from tukiverkko_common.testing.postgres import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL binaries not found: apt-get install postgresql")
    server = PostgresServer(bindir, root).start()

    async def create() -> dict[str, str]:
        return {name: await server.create_database(name) for name in names}

    try:
        return server, asyncio.run(create())
    except Exception:
        server.stop()
        raise


def migrate(
    deployables: list["Deployable"],
    env: dict[str, str],
    database_urls: dict[str, str],
    log_dir: Path,
) -> list[str]:
    """Apply every deployable's migrations once, all at once, before any replica starts;
    return the deployables whose migrations failed."""
    running = {}
    for d in deployables:
        prefix = env_prefix(d.name)
        child = env | {f"{prefix}DATABASE_URL": database_urls[d.name], f"{prefix}RUN_WORKERS": "0"}
        with open(log_dir / f"{d.name}-migrate.log", "ab") as log:  # the child keeps its copy
            running[d.name] = subprocess.Popen(
                [sys.executable, "-m", "tukiverkko_common.migrate", d.app],
                env=child,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    return [name for name, process in running.items() if process.wait() != 0]


def _ready(url: str) -> str:
    return f"{url}/health/ready"


def replica_profile(
    deployables: list["Deployable"],
    counts: dict[str, int],
    env: dict[str, str],
    data_dir: Path,
) -> tuple[list[Launch], dict[str, str], "PostgresServer"]:
    """Start PostgreSQL, migrate every database; return the processes, banner lines and server."""
    root = data_dir / "postgres" if _reachable_by_postgres(data_dir) else None
    server, urls = start_postgres([d.name for d in deployables], root)
    try:
        failed = migrate(deployables, env, urls, data_dir / "log")
        if failed:
            raise RuntimeError(f"migrations failed for {', '.join(failed)}; see {data_dir / 'log'}")
    except BaseException:
        server.stop()
        raise
    kept = f"cluster in {server.root}" if root else "throwaway: the data dir is closed to postgres"
    where = {"postgres": f"{server.url('<deployable>')} ({kept})"}
    return replica_plan(deployables, counts, urls), where, server


def _reachable_by_postgres(data_dir: Path) -> bool:
    """Whether the server, run as Debian's `postgres` user when we are root, can reach the data dir."""
    if os.geteuid() != 0:
        return True
    probe = ["runuser", "-u", "postgres", "--", "test", "-x", str(data_dir)]
    return subprocess.run(probe, capture_output=True).returncode == 0
