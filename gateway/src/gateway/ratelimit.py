"""Token-bucket rate limits per caller (per process; a shared store would be needed across replicas)."""

import math
import time

from tukiverkko_common.problems import Problem


class RateLimiter:
    """`rate` requests per second sustained, `burst` at once, per key."""

    def __init__(self, rate: float, burst: int, max_keys: int = 50_000) -> None:
        self.rate = rate
        self.burst = burst
        self._max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def check(self, key: str) -> None:
        """Take one token for the key or raise 429 with Retry-After in whole seconds."""
        now = time.monotonic()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            retry_after = max(1, math.ceil((1.0 - tokens) / self.rate))
            problem = Problem(
                429, "rate-limited", "Too many requests", f"retry after {retry_after} s"
            )
            problem.headers["Retry-After"] = str(retry_after)
            raise problem
        if len(self._buckets) >= self._max_keys and key not in self._buckets:
            self._buckets.clear()
        self._buckets[key] = (tokens - 1.0, now)
