"""The gateway's database as the store of limits every replica shares.

Each check is one atomic statement (an upsert with RETURNING on SQLite and PostgreSQL),
so two replicas counting the same key at the same moment never both take the last token.
Times are epoch seconds from the replicas' clocks (kept in step by NTP, as for tokens).
Keys are HMACs under a key derived from the pseudonym key: the tables hold no client id
and no network address, and expired rows are deleted as the checks go.
"""

import hashlib
import hmac
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.models import login_failures, rate_limits
from tukiverkko_common.db import write_transaction

PURGE_SECONDS = 60.0


class LimitStore:
    """Token buckets (GCRA) and failed-login counts in the gateway's database."""

    def __init__(self, engine: AsyncEngine, secret: bytes) -> None:
        self._engine = engine
        self._secret = hmac.new(secret, b"tukiverkko-gateway-limits", hashlib.sha256).digest()
        self._dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._purge_at = 0.0

    def key(self, scope: str, key: str) -> str:
        """Return the stored form of a limiter's key: a keyed hash, never the key itself."""
        return hmac.new(self._secret, f"{scope}\0{key}".encode(), hashlib.sha256).hexdigest()

    async def take(self, scope: str, key: str, rate: float, burst: int) -> float | None:
        """Take one request from the key's bucket; return None, or seconds until one is free."""
        now, interval = time.time(), 1.0 / rate
        start = case((rate_limits.c.tat > now, rate_limits.c.tat), else_=now)
        fits = start + interval <= now + burst * interval
        statement = (
            self._dialect.insert(rate_limits)
            .values(key=self.key(scope, key), tat=now + interval, allowed=True)
            .on_conflict_do_update(
                index_elements=["key"],
                set_={
                    "tat": case((fits, start + interval), else_=rate_limits.c.tat),
                    "allowed": case((fits, True), else_=False),
                },
            )
            .returning(rate_limits.c.tat, rate_limits.c.allowed)
        )
        async with self._single_statement() as conn:
            tat, allowed = (await conn.execute(statement)).one()
        await self._purge(now)
        return None if allowed else tat + interval - burst * interval - now

    async def failures(self, scope: str, key: str) -> tuple[int, float]:
        """Return the failures counted for the key and when their window (or lock) ends."""
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(login_failures.c.failures, login_failures.c.until).where(
                        login_failures.c.key == self.key(scope, key)
                    )
                )
            ).first()
        return (row.failures, row.until) if row else (0, 0.0)

    async def fail(self, scope: str, key: str, seconds: float) -> None:
        """Count a failure; a window that has ended starts afresh; the window runs `seconds` on."""
        now = time.time()
        ended = login_failures.c.until <= now
        statement = (
            self._dialect.insert(login_failures)
            .values(key=self.key(scope, key), failures=1, until=now + seconds)
            .on_conflict_do_update(
                index_elements=["key"],
                set_={
                    "failures": case((ended, 1), else_=login_failures.c.failures + 1),
                    "until": now + seconds,
                },
            )
        )
        async with self._single_statement() as conn:
            await conn.execute(statement)
        await self._purge(now)

    async def forget(self, scope: str, key: str) -> None:
        """Drop the key's failures."""
        stored = self.key(scope, key)
        async with write_transaction(self._engine) as conn:
            await conn.execute(delete(login_failures).where(login_failures.c.key == stored))

    @asynccontextmanager
    async def _single_statement(self) -> AsyncIterator[AsyncConnection]:
        """A connection for one atomic statement: autocommit on PostgreSQL (no BEGIN and COMMIT
        round trips on every request), the write slot's transaction on SQLite."""
        if self._dialect is postgresql:
            async with self._engine.connect() as conn:
                yield await conn.execution_options(isolation_level="AUTOCOMMIT")
            return
        async with write_transaction(self._engine) as conn:
            yield conn

    async def _purge(self, now: float) -> None:
        """Delete rows that no longer limit anyone, once a minute per replica."""
        if time.monotonic() < self._purge_at:
            return
        self._purge_at = time.monotonic() + PURGE_SECONDS
        async with write_transaction(self._engine) as conn:
            await conn.execute(delete(rate_limits).where(rate_limits.c.tat < now))
            await conn.execute(delete(login_failures).where(login_failures.c.until < now))
