"""Keep the launcher's processes running: a crashed one is logged and restarted with backoff.

The others keep serving meanwhile; a process that keeps crashing waits longer each time
(jittered, capped), and one that ran a while before crashing starts its backoff afresh.
"""

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from tukiverkko_common.backoff import backoff_delay

RESTART_BASE_SECONDS = 0.5
RESTART_MAX_SECONDS = 30.0
HEALTHY_SECONDS = 60.0

K = TypeVar("K")


@dataclass
class _Slot:
    process: subprocess.Popen
    started: float
    failures: int = 0
    restart_at: float | None = None
    restarts: int = 0


@dataclass
class Supervisor(Generic[K]):
    """Watch processes started by `spawn(key)`; restart those that exit on their own."""

    spawn: Callable[[K], subprocess.Popen]
    name: Callable[[K], str]
    pid_dir: Path | None = None
    slots: dict[K, _Slot] = field(default_factory=dict)

    def start(self, key: K) -> subprocess.Popen:
        """Start (or restart) one process and record its pid."""
        process = self.spawn(key)
        slot = self.slots.get(key)
        if slot is None:
            self.slots[key] = _Slot(process, time.monotonic())
        else:
            slot.process, slot.started, slot.restart_at = process, time.monotonic(), None
        if self.pid_dir is not None:
            self.pid_dir.mkdir(parents=True, exist_ok=True)
            (self.pid_dir / f"{self.name(key)}.pid").write_text(str(process.pid))
        return process

    @property
    def processes(self) -> dict[K, subprocess.Popen]:
        """Return the current process of every key."""
        return {key: slot.process for key, slot in self.slots.items()}

    def check(self) -> None:
        """Notice exits and restart what is due; call it a few times a second."""
        now = time.monotonic()
        for key, slot in self.slots.items():
            code = slot.process.poll()
            if code is None:
                continue
            if slot.restart_at is None:
                healthy = now - slot.started > HEALTHY_SECONDS
                slot.failures = 1 if healthy else slot.failures + 1
                delay = backoff_delay(
                    slot.failures, base=RESTART_BASE_SECONDS, cap=RESTART_MAX_SECONDS
                )
                slot.restart_at = now + delay
                slot.restarts += 1
                print(
                    f"{self.name(key)}: {describe_exit(code)}; restarting in {delay:.1f}s"
                    f" (restart {slot.restarts})",
                    file=sys.stderr,
                    flush=True,
                )
            elif now >= slot.restart_at:
                self.start(key)


def describe_exit(code: int) -> str:
    """Return how a process ended: its exit code or the signal that killed it."""
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with code {code}"
