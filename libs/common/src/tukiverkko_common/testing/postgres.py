"""A throwaway PostgreSQL server from Debian's binaries, for integration tests."""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tukiverkko_common.broker import free_port, wait_for_port


def find_bindir() -> Path | None:
    """Return the directory holding initdb/pg_ctl, or None where PostgreSQL is not installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if initdb := shutil.which("initdb"):
        candidates.insert(0, str(Path(initdb).resolve().parent))
    for cand in candidates:
        if (Path(cand) / "initdb").exists() and (Path(cand) / "pg_ctl").exists():
            return Path(cand)
    return None


class PostgresServer:
    """initdb + pg_ctl in a temporary folder; trust auth on 127.0.0.1 only."""

    def __init__(self, bindir: Path, root: Path | None = None) -> None:
        """`root`: keep the cluster there across runs (`make run --replicas`); None: a temporary one."""
        self.bindir = bindir
        self.port = free_port()
        self.keep = root is not None
        self.root = root or Path(tempfile.mkdtemp(prefix="tukiverkko-pg-"))
        self.datadir = self.root / "data"
        self._run_as = "postgres" if os.geteuid() == 0 else None

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self._run_as, "--", *args] if self._run_as else list(args)

    def start(self) -> "PostgresServer":
        """Initialise the cluster (unless kept from a run before) and start it, waiting until it accepts connections."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self._run_as:
            pwd.getpwnam(self._run_as)  # raises KeyError where the Debian package's user is missing
            shutil.chown(self.root, self._run_as)
        if not (self.datadir / "PG_VERSION").exists():
            self._initdb()
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
        subprocess.run(
            self._cmd(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-o",
                opts,
                "-l",
                str(self.root / "log"),
                "-w",
                "start",
            ),
            check=True,
            capture_output=True,
        )
        wait_for_port("127.0.0.1", self.port)
        return self

    def _initdb(self) -> None:
        subprocess.run(
            self._cmd(
                str(self.bindir / "initdb"),
                "-D",
                str(self.datadir),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ),
            check=True,
            capture_output=True,
        )

    def url(self, database: str = "postgres") -> str:
        """Return an asyncpg SQLAlchemy URL for a database on this server."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    async def create_database(self, name: str) -> str:
        """Create the database unless it exists; return its URL."""
        import asyncpg

        conn = await asyncpg.connect(
            host="127.0.0.1", port=self.port, user="postgres", database="postgres"
        )
        try:
            exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:  # a kept cluster has it from a run before
                await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove its files (unless it is kept)."""
        mode = "fast" if self.keep else "immediate"  # a kept cluster shuts down cleanly
        subprocess.run(
            self._cmd(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", mode, "stop"),
            capture_output=True,
        )
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)
