"""Betweenness of a district graph with its leaves folded into their neighbours.

A district is mostly stars: each resident's alters without a card have one tie, to the
resident. Every shortest path from such a leaf v runs through its one neighbour u, so v's
dependencies equal u's everywhere except at u itself, where v adds one for each other node of
the component (Baglioni et al. 2012, "Fast exact computation of betweenness centrality in
social networks"). Brandes then runs only from the non-leaf sources, each counted 1 + (its
leaves) times, and the leaves' share at their neighbour is added in closed form. The answer is
exactly Brandes' answer, with half the sources on a district of personal maps; the sampled
estimate draws only non-leaf sources (each in proportion to the nodes it stands for), so the
leaves' share at their neighbour carries no sampling error.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Mapping
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


def _weighted_sources(g: ig.Graph, sources: list[int], weight: Mapping[int, int]) -> list[float]:
    """Sum each source's dependencies times its weight (igraph runs once per distinct weight)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for s in sources:
        groups[weight[s]].append(s)
    total = [0.0] * g.vcount()
    for times, group in groups.items():
        part = g.betweenness(directed=False, sources=group)
        for v, value in enumerate(part):
            total[v] += value * times
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
        raw = _weighted_sources(g, inner, {v: 1 + leaves[v] for v in inner})
        method: dict[str, Any] = {"method": "exact (Brandes)", "sample_size": None}
        return [(b + s) * scale for b, s in zip(raw, share, strict=True)], method
    # Each draw stands for a source and its folded leaves, so draw in proportion to 1 + leaves
    # (with replacement): the estimate is Brandes–Pich's over all n sources, minus the leaves'
    # sampling error.
    weights = [1 + leaves[v] for v in inner]
    draws = Counter(random.Random(seed).choices(inner, weights=weights, k=samples))
    raw = _weighted_sources(g, list(draws), draws)
    factor = sum(weights) / samples
    method = {
        "method": "approximate: Brandes–Pich source sampling, scaled by n/k",
        "sample_size": samples,
        "threshold_ties": exact_max_ties,
        "leaves_exact": sum(leaves),
    }
    return [(b * factor + s) * scale for b, s in zip(raw, share, strict=True)], method
