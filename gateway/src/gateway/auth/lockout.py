"""Lockout after failed logins, per (client id, network address).

Keyed by the pair, so an attacker who knows a public client id locks out only their own
address for that client, never the integration that holds the secret.
"""

import math
import time


class Locked(Exception):
    """This client id is locked for this address for `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class LoginLockout:
    """`failures` wrong secrets within `seconds` lock the pair for `seconds`."""

    def __init__(self, failures: int, seconds: float, max_keys: int = 100_000) -> None:
        self._failures = failures
        self._seconds = seconds
        self._max_keys = max_keys
        # (client id, address) -> (failures so far, when the window or the lock ends)
        self._entries: dict[tuple[str, str], tuple[int, float]] = {}

    def check(self, client_id: str, address: str) -> None:
        """Raise Locked when the pair has failed too often lately."""
        count, until = self._entries.get((client_id, address), (0, 0.0))
        now = time.monotonic()
        if count >= self._failures and until > now:
            raise Locked(max(1, math.ceil(until - now)))

    def failed(self, client_id: str, address: str) -> None:
        """Count a wrong secret; the one that reaches the limit starts the lock."""
        key = (client_id, address)
        now = time.monotonic()
        count, until = self._entries.get(key, (0, 0.0))
        if until <= now:
            count = 0
        if key not in self._entries and len(self._entries) >= self._max_keys:
            self._forget_expired(now)
        self._entries[key] = (count + 1, now + self._seconds)

    def succeeded(self, client_id: str, address: str) -> None:
        """Forget the pair's failures."""
        self._entries.pop((client_id, address), None)

    def _forget_expired(self, now: float) -> None:
        self._entries = {k: v for k, v in self._entries.items() if v[1] > now}
        if len(self._entries) >= self._max_keys:
            # Still full of live entries: a flood from many addresses. Dropping them costs
            # only those addresses their count; keeping them would cost the memory.
            self._entries.clear()
