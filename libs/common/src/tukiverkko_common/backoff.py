"""One retry delay for every loop that waits after a failure: exponential, capped, jittered.

Jitter matters because failures are shared: when the broker or a database comes back,
every relay, consumer and restarted process would otherwise retry on the same beat.
"""

import random

_rng = random.SystemRandom()


def backoff_delay(attempt: int, *, base: float, cap: float, jitter: float = 0.5) -> float:
    """Return the wait before retry number `attempt` (1 = first retry).

    The delay doubles per attempt from `base` up to `cap`; then a random part of it
    (`jitter`, 0..1) is drawn uniformly, so the result lies in [(1 - jitter) * d, d].
    """
    exponent = min(max(attempt - 1, 0), 32)  # far past any cap; avoids huge floats
    ceiling = min(cap, base * 2**exponent)
    return ceiling - _rng.uniform(0, ceiling * jitter)
