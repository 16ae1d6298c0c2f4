"""What the numbers were measured on: the machine, its load, and the software's versions."""

import importlib.metadata
import os
import platform
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

PACKAGES = (
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "aiosqlite",
    "asyncpg",
    "aiokafka",
    "httpx",
    "aiohttp",
    "pydantic",
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_mb() -> dict[str, int]:
    """Total and available memory from /proc/meminfo (Linux), in MiB."""
    found: dict[str, int] = {}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, value = line.split(":", 1)
            if key in ("MemTotal", "MemAvailable"):
                found[key.removeprefix("Mem").lower() + "_mb"] = int(value.split()[0]) // 1024
    except OSError:
        pass
    return found


def load_average() -> list[float]:
    """The 1-, 5- and 15-minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    """Platform, CPU model and count, memory and the load average now."""
    return {
        "platform": platform.platform(),
        "cpu_model": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory": _memory_mb(),
        "load_average_start": load_average(),
    }


def _postgres_version(bindir: Path) -> str | None:
    try:
        out = subprocess.run(
            [str(bindir / "postgres"), "--version"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def versions(extra: tuple[str, ...] = (), postgres_bindir: Path | None = None) -> dict[str, Any]:
    """Python, SQLite, the key packages (and PostgreSQL when used)."""
    found: dict[str, Any] = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for name in (*PACKAGES, *extra):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    if postgres_bindir is not None:
        found["postgresql"] = _postgres_version(postgres_bindir)
    return found
