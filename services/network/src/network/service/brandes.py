"""Brandes' betweenness with weighted sources and targets, compiled by numba on first use.

igraph's betweenness counts every vertex once as a target, so a district folded into its blocks
(`district_betweenness.py`), where a vertex stands for all the vertices hanging on it, cannot be
handed to it. This is the textbook algorithm (Brandes 2001, unweighted shortest paths) with a
weight per target, the number of vertices a target stands for, and a multiplier per source.
"""

import functools
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def dependencies(
    indptr: Ints, indices: Ints, weight: Floats, sources: Ints, mult: Floats, mult_sq: Floats
) -> tuple[Floats, Floats]:
    """Return Σ mult[s]·δ_s(v) and Σ mult_sq[s]·δ_s(v)² over the sources, per vertex.

    δ_s(v) is s's dependency on v with every target t counted weight[t] times; the graph is
    undirected, in CSR form (indptr, indices). The squares serve a sampled estimate's variance.
    """
    return _kernel()(indptr, indices, weight, sources, mult, mult_sq)


def warm() -> None:
    """Compile the kernel now, so that no request waits for it (2–3 s of CPU, or a cache read)."""
    ints = np.zeros(2, np.int64)
    dependencies(ints, ints[:0], np.ones(1), ints[:1], np.ones(1), np.zeros(1))


def warm_in_background() -> None:
    """Compile the kernel in a daemon thread (once per process)."""
    threading.Thread(target=warm, name="brandes-compile", daemon=True).start()


@functools.cache
def _kernel() -> Callable[..., Any]:
    # Compiled on first use, not at import: a process that imports the service to read its
    # routes never pays for it.
    import numba

    try:
        return numba.njit(nogil=True, cache=True)(_brandes)
    except RuntimeError:  # no writable cache directory (a read-only image): compile per process
        return numba.njit(nogil=True)(_brandes)


def _brandes(
    indptr: Ints, indices: Ints, weight: Floats, sources: Ints, mult: Floats, mult_sq: Floats
) -> tuple[Floats, Floats]:
    n = indptr.size - 1
    total, squares = np.zeros(n), np.zeros(n)
    sigma, delta = np.zeros(n), np.zeros(n)
    dist = np.full(n, -1, np.int32)
    order = np.empty(n, np.int32)
    for k in range(sources.size):
        s = sources[k]
        sigma[s], dist[s], order[0] = 1.0, 0, s
        head, tail = 0, 1
        while head < tail:  # breadth first: shortest path counts
            v = order[head]
            head += 1
            next_level, paths = dist[v] + 1, sigma[v]
            for j in range(indptr[v], indptr[v + 1]):
                w = indices[j]
                if dist[w] < 0:
                    dist[w] = next_level
                    order[tail] = w
                    tail += 1
                if dist[w] == next_level:
                    sigma[w] += paths
        for i in range(tail - 1, 0, -1):  # farthest first: dependencies flow back
            w = order[i]
            coeff, previous = (weight[w] + delta[w]) / sigma[w], dist[w] - 1
            for j in range(indptr[w], indptr[w + 1]):
                v = indices[j]
                if dist[v] == previous:
                    delta[v] += sigma[v] * coeff
            total[w] += mult[k] * delta[w]
            if mult_sq[k] != 0.0:
                squares[w] += mult_sq[k] * delta[w] * delta[w]
        for i in range(tail):  # reset only what this source reached
            w = order[i]
            sigma[w], delta[w], dist[w] = 0.0, 0.0, -1
    return total, squares
