"""Heartbeats of a worker's loops: each beats once per turn, and a silent one is wedged.

A loop that is alive but stuck (an await that never returns, a lock never released) looks
fine to anything that only asks whether its task is running; the time since its last
beat tells. Loops beat while they retry too, so an outage is not mistaken for a wedge.
"""

import time
from collections.abc import Callable


class Heartbeats:
    """The last beat of each watched loop, on a monotonic clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: dict[str, float] = {}

    def beater(self, name: str) -> Callable[[], None]:
        """Start watching `name` (as if it beat now) and return the function it calls each turn."""
        self._last[name] = self._clock()

        def beat() -> None:
            self._last[name] = self._clock()

        return beat

    def ages(self) -> dict[str, float]:
        """Return the seconds since each watched loop last beat."""
        now = self._clock()
        return {name: now - last for name, last in self._last.items()}

    def silent(self, limit: float) -> list[str]:
        """Return the loops that have not beaten for more than `limit` seconds."""
        return sorted(name for name, age in self.ages().items() if age > limit)


def no_beat() -> None:
    """The heartbeat of a loop nobody watches (a loop built outside a runtime)."""
