"""Client secrets: generated with enough entropy, stored only as Argon2id hashes, checked in bounds."""

import asyncio
import math
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def new_client_id() -> str:
    """Return a random, unguessable client id."""
    return "tvc_" + secrets.token_hex(12)


def new_client_secret() -> str:
    """Return a random client secret (shown once, never stored in clear)."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """Return the Argon2id hash of a secret."""
    return _hasher.hash(secret)


def verify_secret(stored_hash: str, secret: str) -> bool:
    """Return True when the secret matches the stored hash."""
    try:
        return _hasher.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


class Saturated(Exception):
    """Every verification slot is taken and the queue is full (or waited too long)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class SecretVerifier:
    """Argon2 checks, at most `concurrency` at a time and `queue` waiting.

    Each Argon2id verification holds 64 MiB while it runs, so the number running at once is
    what bounds the process's memory under a flood of logins. An unknown client id takes a
    slot and waits as long as a real verification takes, without the hash and its memory:
    the answer's timing does not tell whether the id exists.
    """

    def __init__(self, concurrency: int, queue: int, wait_seconds: float) -> None:
        self._slots = asyncio.Semaphore(concurrency)
        self._capacity = concurrency + queue
        self._wait = wait_seconds
        self._admitted = 0
        self._cost = 0.0

    async def verify(self, stored_hash: str | None, secret: str) -> bool:
        """Return whether the secret matches; raise Saturated when no slot frees in time."""
        if self._admitted >= self._capacity:
            raise Saturated(self._retry_after())
        self._admitted += 1
        try:
            try:
                async with asyncio.timeout(self._wait):
                    await self._slots.acquire()
            except TimeoutError as exc:
                raise Saturated(self._retry_after()) from exc
            try:
                return await self._check(stored_hash, secret)
            finally:
                self._slots.release()
        finally:
            self._admitted -= 1

    async def _check(self, stored_hash: str | None, secret: str) -> bool:
        if stored_hash is None:
            await asyncio.sleep(self._cost or await self._calibrate())
            return False
        started = time.perf_counter()
        matches = await asyncio.to_thread(verify_secret, stored_hash, secret)
        spent = time.perf_counter() - started
        self._cost = spent if not self._cost else 0.8 * self._cost + 0.2 * spent
        return matches

    async def _calibrate(self) -> float:
        """Time one real verification (of a throwaway hash) the first time it is needed."""
        started = time.perf_counter()
        await asyncio.to_thread(verify_secret, _calibration_hash(), "calibration")
        self._cost = self._cost or time.perf_counter() - started
        return self._cost

    def _retry_after(self) -> int:
        return max(1, math.ceil(self._cost * self._capacity))


_CALIBRATION: list[str] = []


def _calibration_hash() -> str:
    if not _CALIBRATION:
        _CALIBRATION.append(_hasher.hash(secrets.token_urlsafe(16)))
    return _CALIBRATION[0]
