"""Shared by the gateway benchmarks: services as real processes, seeding, an aiohttp load generator."""

import asyncio
import contextlib
import statistics
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from harness import RESULTS, Process, percentile
from harness import start_app as start

__all__ = ["RESULTS", "Process", "start"]  # the scripts' names for the harness's
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(n: int) -> str:
    """A valid artificial identity code (individual number 900-999)."""
    day, month, year = 1 + n % 28, 1 + (n // 28) % 12, 30 + (n // 336) % 70
    digits = f"{day:02d}{month:02d}{year:02d}{900 + n % 100:03d}"
    return f"{digits[:6]}-{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"


async def register(db_url: str, name: str, role: str, **extra: Any) -> tuple[str, str, str]:
    """Register an organisation and a client in the gateway's database; return (org id, client id, secret)."""
    from gateway.main import MIGRATIONS
    from gateway.registry import register_client, register_organisation
    from tukiverkko_common.db import WRITE, create_engine, session_factory
    from tukiverkko_common.migrations import upgrade

    await asyncio.to_thread(upgrade, MIGRATIONS, db_url)
    engine = create_engine(db_url)
    async with session_factory(engine)() as session:
        await session.connection(execution_options=WRITE)
        org = await register_organisation(session, name=name, role=role, **extra)
        client_id, secret = await register_client(session, organisation=org)
        await session.commit()
    await engine.dispose()
    return org.id, client_id, secret


async def token(session: aiohttp.ClientSession, gateway: str, client_id: str, secret: str) -> str:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    async with session.post(f"{gateway}/api/v1/oauth/token", data=form) as response:
        assert response.status == 200, await response.text()
        return (await response.json())["access_token"]


@dataclass
class Run:
    """Outcome of one load run."""

    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        return percentile(self.latencies, q) * 1000

    @property
    def samples_ms(self) -> list[float]:
        return [x * 1000 for x in self.latencies]

    def summary(self) -> dict[str, float]:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "rps": round(self.throughput, 1),
            "p50_ms": round(self.pct(0.50), 3),
            "p99_ms": round(self.pct(0.99), 3),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 3),
        }


@dataclass(frozen=True)
class Target:
    """One way of making the same read: a URL and the headers it needs."""

    url: str
    headers: dict[str, str]


async def interleaved(*targets: Target, seconds: float) -> tuple[Run, ...]:
    """One request at a time, taking turns between the targets (the order rotates every round).

    All targets see the same moments of the machine, so drift and neighbours' noise hit
    them alike and the difference of their medians is the cost of the extra work.
    """
    count = len(targets)
    runs: list[list[float]] = [[] for _ in targets]
    errors = [0] * count
    async with contextlib.AsyncExitStack() as stack:
        sessions = [await stack.enter_async_context(aiohttp.ClientSession()) for _ in targets]
        for which in (*range(count), *range(count)):  # warm every connection
            async with sessions[which].get(
                targets[which].url, headers=targets[which].headers
            ) as response:
                await response.read()
        began = time.perf_counter()
        stop_at = began + seconds
        shift = 0
        while time.perf_counter() < stop_at:
            for which in (*range(shift, count), *range(shift)):
                started = time.perf_counter()
                async with sessions[which].get(
                    targets[which].url, headers=targets[which].headers
                ) as response:
                    await response.read()
                    if response.status != 200:
                        errors[which] += 1
                runs[which].append(time.perf_counter() - started)
            shift = (shift + 1) % count
        elapsed = time.perf_counter() - began
    return tuple(Run(len(r), e, elapsed, r) for r, e in zip(runs, errors, strict=True))


async def alternating(
    first: Target, second: Target, concurrency: int, seconds: float, phases: int
) -> tuple[Run, Run]:
    """Throughput at `concurrency`, in short phases taking turns, summed per target."""
    totals: list[list[Run]] = [[], []]
    for phase in range(phases):
        order = (0, 1) if phase % 2 == 0 else (1, 0)
        for which in order:
            target = (first, second)[which]
            totals[which].append(
                await load(target.url, target.headers, concurrency, seconds / phases)
            )
    merged = []
    for runs in totals:
        merged.append(
            Run(
                sum(r.requests for r in runs),
                sum(r.errors for r in runs),
                sum(r.seconds for r in runs),
                [x for r in runs for x in r.latencies],
            )
        )
    return merged[0], merged[1]


async def load(url: str, headers: dict[str, str], concurrency: int, seconds: float) -> Run:
    """GET `url` from `concurrency` workers for `seconds`; every answer must be 200."""
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    latencies: list[float] = []
    errors = 0
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        async def once() -> None:
            async with session.get(url) as response:
                await response.read()

        # Every worker's connection opened before the clock starts: one after another, the
        # warm-up reused one connection and the other workers connected inside the measurement.
        await asyncio.gather(*(once() for _ in range(concurrency)))
        stop_at = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                async with session.get(url) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return Run(len(latencies), errors, elapsed, latencies)
