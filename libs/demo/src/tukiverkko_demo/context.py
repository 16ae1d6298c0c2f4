"""What every step of the generator shares: the seed, the resume journal, the callers, progress."""

import hashlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rich.progress import Progress, TaskID

from tukiverkko_demo.api import Api
from tukiverkko_demo.region import Pilot, Size
from tukiverkko_demo.state import State

MONTH = "2026-10"
"""The month visits fall in: fixed, so the same seed gives the same region on any day."""
STARTED = "2026-09-01"


@dataclass
class Context:
    seed: int
    size: Size
    state: State
    apis: dict[str, Api]
    progress: Progress
    task: TaskID
    org_ids: dict[str, str]
    """Organisation key → its registered id."""
    districts: dict[str, list[str]]
    """Municipality code → its district codes (tukiverkko_common/area_codes.json)."""

    def rng(self, key: str) -> random.Random:
        """A random stream of its own per natural key: resuming skips keys, not draws."""
        return random.Random(f"{self.seed}:{key}")

    def worker(self, key: str) -> str:
        """A deterministic opaque worker id (wrk_ and 32 hex digits)."""
        return "wrk_" + hashlib.sha256(f"{self.seed}:worker:{key}".encode()).hexdigest()[:32]

    def region_api(self, pilot: Pilot) -> Api:
        return self.apis[pilot.by_sector("wellbeing_region").key]

    async def once(self, key: str, make: Callable[[], Awaitable[Any]]) -> Any:
        """Create the object under `key` unless an earlier run did; return what was kept."""
        kept = self.state.get(key)
        if kept is None:
            made = await make()
            kept = self.state.put(key, made["id"] if isinstance(made, dict) else made)
        self.progress.advance(self.task)
        return kept
