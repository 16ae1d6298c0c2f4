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


def cpu_ticks() -> list[int] | None:
    """The machine's CPU time so far, in ticks: [all, stolen] (`/proc/stat`; None elsewhere).

    Stolen time is what the hypervisor gave other guests while this one had work: on a shared
    virtual machine it is the noise no load average of this guest shows.
    """
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return [sum(fields[:8]), fields[7]] if len(fields) >= 8 else None


def stolen_share(start: list[int] | None, end: list[int] | None) -> float | None:
    """The share of CPU time stolen between two `cpu_ticks` readings."""
    if start is None or end is None or end[0] <= start[0]:
        return None
    return round((end[1] - start[1]) / (end[0] - start[0]), 3)


def machine() -> dict[str, Any]:
    """Platform, CPU model and count, memory, the load average and the CPU time now."""
    return {
        "platform": platform.platform(),
        "cpu_model": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory": _memory_mb(),
        "load_average_start": load_average(),
        "cpu_ticks_start": cpu_ticks(),
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
