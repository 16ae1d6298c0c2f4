"""Token-bucket rate limits per caller: shared by every replica (the database) or per process.

The token endpoint's limits and the login lockout are always shared (a login already
costs an Argon2 check, next to which one upsert is nothing). The per-request limit is
per replica unless `rate_limit_shared` is on: behind N replicas a caller gets up to N ×
the limit. Sharing it costs every request an upsert on its caller's row, and a caller's
concurrent requests queue on that row's lock: a plan read kept 59–77 % of its throughput
at 32 concurrent in bench/gateway_limits.py (SQLite and PostgreSQL, 2 cores, loaded) —
too much for a limit whose job is to stop floods.
"""

import math
import time

from gateway.limits import LimitStore
from tukiverkko_common.problems import Problem


def too_many(retry_after: float) -> Problem:
    """Return the 429 problem with Retry-After in whole seconds (at least one)."""
    seconds = max(1, math.ceil(retry_after))
    problem = Problem(429, "rate-limited", "Too many requests", f"retry after {seconds} s")
    problem.headers["Retry-After"] = str(seconds)
    return problem


class RateLimiter:
    """`rate` requests per second sustained, `burst` at once, per key, in this process."""

    def __init__(self, rate: float, burst: int, max_keys: int = 50_000) -> None:
        self.rate = rate
        self.burst = burst
        self._max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    async def check(self, key: str) -> None:
        """Take one token for the key or raise 429 with Retry-After."""
        now = time.monotonic()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            raise too_many((1.0 - tokens) / self.rate)
        if len(self._buckets) >= self._max_keys and key not in self._buckets:
            self._buckets.clear()
        self._buckets[key] = (tokens - 1.0, now)


class SharedRateLimiter:
    """The same limit, counted in the gateway's database for every replica."""

    def __init__(self, store: LimitStore, scope: str, rate: float, burst: int) -> None:
        self._store = store
        self._scope = scope
        self.rate = rate
        self.burst = burst

    async def check(self, key: str) -> None:
        """Take one token for the key or raise 429 with Retry-After."""
        wait = await self._store.take(self._scope, key, self.rate, self.burst)
        if wait is not None:
            raise too_many(wait)


Limiter = RateLimiter | SharedRateLimiter
