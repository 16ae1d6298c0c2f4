"""Betweenness of a district graph with its leaves folded into their neighbours.

A district is mostly stars: each resident's alters without a card have one tie, to the
resident. Every shortest path from such a leaf v runs through its one neighbour u, so v's
dependencies equal u's everywhere except at u itself, where v adds one for each other node of
the component (Baglioni et al. 2012, "Fast exact computation of betweenness centrality in
social networks"). Brandes then runs only from the non-leaf sources, each counted 1 + (its
leaves) times, and the leaves' share at their neighbour is added in closed form. The answer is
exactly Brandes' answer, with half the sources on a district of personal maps; the sampled
estimate samples only the non-leaf sources, so the leaves' share carries no sampling error.
"""

import random
from collections import defaultdict
from typing import Any

import igraph as ig


def _leaf_counts(g: ig.Graph) -> list[int]:
    """Return, per vertex, how many leaves hang on it (a tie of two leaves folds into neither)."""
    degree = g.degree()
    counts = [0] * g.vcount()
    for v, d in enumerate(degree):
        if d == 1:
            u = g.neighbors(v)[0]
            if degree[u] > 1:
                counts[u] += 1
    return counts


def _component_sizes(g: ig.Graph) -> list[int]:
    sizes = [0] * g.vcount()
    for part in g.connected_components():
        for v in part:
            sizes[v] = len(part)
    return sizes


def _weighted_sources(g: ig.Graph, sources: list[int], leaves: list[int]) -> list[float]:
    """Sum each source's dependencies times 1 + its leaves (igraph runs once per multiplicity)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for s in sources:
        groups[1 + leaves[s]].append(s)
    total = [0.0] * g.vcount()
    for weight, group in groups.items():
        part = g.betweenness(directed=False, sources=group)
        for v, value in enumerate(part):
            total[v] += value * weight
    return total


def _leaf_share(g: ig.Graph, leaves: list[int]) -> list[float]:
    # A leaf's paths to the other size-2 nodes of its component all pass its neighbour; igraph
    # counts an undirected pair once, hence the half.
    sizes = _component_sizes(g)
    return [count * (sizes[u] - 2) / 2 for u, count in enumerate(leaves)]


def betweenness(
    g: ig.Graph, exact_max_ties: int, samples: int, seed: int
) -> tuple[list[float], dict[str, Any]]:
    """Return normalised betweenness (as NetworkX's normalized=True) and how it was computed."""
    n = g.vcount()
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    leaves = _leaf_counts(g)
    degree = g.degree()
    inner = [v for v in range(n) if degree[v] > 1]
    share = _leaf_share(g, leaves)
    if g.ecount() <= exact_max_ties or len(inner) <= samples:
        raw = _weighted_sources(g, inner, leaves)
        method: dict[str, Any] = {"method": "exact (Brandes)", "sample_size": None}
        return [(b + s) * scale for b, s in zip(raw, share, strict=True)], method
    chosen = random.Random(seed).sample(inner, samples)
    raw = _weighted_sources(g, chosen, leaves)
    factor = len(inner) / samples
    method = {
        "method": "approximate: Brandes–Pich source sampling, scaled by n/k",
        "sample_size": samples,
        "threshold_ties": exact_max_ties,
        "leaves_exact": sum(leaves),
    }
    return [(b * factor + s) * scale for b, s in zip(raw, share, strict=True)], method
