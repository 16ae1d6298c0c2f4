"""Percentiles and timing: one definition for every benchmark."""

import math
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

MAX_SAMPLES = 2000
"""Raw samples kept per measurement for the plots (the summary uses all of them)."""


def percentile(values: Sequence[float], q: float) -> float:
    """Return the q-quantile (0..1) by linear interpolation between the closest ranks.

    The same definition as NumPy's default and `statistics.quantiles(method="inclusive")`:
    p50 of an even count is the mean of the middle two, p100 the maximum.
    """
    if not values:
        raise ValueError("no samples")
    if not 0 <= q <= 1:
        raise ValueError(f"quantile {q} outside 0..1")
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(values: Sequence[float], digits: int = 3) -> dict[str, float]:
    """Return n, mean, p50, p95, p99 and max of the samples (in their own unit)."""
    return {
        "n": len(values),
        "mean": round(statistics.fmean(values), digits),
        "p50": round(percentile(values, 0.50), digits),
        "p95": round(percentile(values, 0.95), digits),
        "p99": round(percentile(values, 0.99), digits),
        "max": round(max(values), digits),
    }


def bounded(values: Sequence[float], limit: int = MAX_SAMPLES, digits: int = 3) -> list[float]:
    """Return at most `limit` of the samples, evenly spaced in measuring order, rounded."""
    if len(values) <= limit:
        picked = list(values)
    else:
        step = len(values) / limit
        picked = [values[int(i * step)] for i in range(limit)]
    return [round(v, digits) for v in picked]


async def timed_ms(call: Callable[[], Awaitable[Any]]) -> float:
    """Return the milliseconds one awaited call took."""
    started = time.perf_counter()
    await call()
    return (time.perf_counter() - started) * 1000
