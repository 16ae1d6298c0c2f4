"""Lockout after failed logins, per (client id, network address), shared by every replica.

Keyed by the pair, so an attacker who knows a public client id locks out only their own
address for that client, never the integration that holds the secret. Counted in the
gateway's database (limits.py), so failures spread over replicas add up.
"""

import math
import time

from gateway.limits import LimitStore

SCOPE = "login"


class Locked(Exception):
    """This client id is locked for this address for `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class LoginLockout:
    """`failures` wrong secrets within `seconds` lock the pair for `seconds`."""

    def __init__(self, store: LimitStore, failures: int, seconds: float) -> None:
        self._store = store
        self._failures = failures
        self._seconds = seconds

    async def check(self, client_id: str, address: str) -> None:
        """Raise Locked when the pair has failed too often lately."""
        count, until = await self._store.failures(SCOPE, _pair(client_id, address))
        now = time.time()
        if count >= self._failures and until > now:
            raise Locked(max(1, math.ceil(until - now)))

    async def failed(self, client_id: str, address: str) -> None:
        """Count a wrong secret; the one that reaches the limit starts the lock."""
        await self._store.fail(SCOPE, _pair(client_id, address), self._seconds)

    async def succeeded(self, client_id: str, address: str) -> None:
        """Forget the pair's failures."""
        await self._store.forget(SCOPE, _pair(client_id, address))


def _pair(client_id: str, address: str) -> str:
    return f"{client_id}\0{address}"
