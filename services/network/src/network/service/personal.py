"""Metrics of one personal network map, computed on the map's graph with igraph.

The graph: the person (vertex 0) and every alter; the person's ties and the ties between alters,
weighted by strength (weak 1, medium 2, strong 3). A broken tie is counted under qualities but is
no longer a path for support, so it stays out of the structural measures.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

import igraph as ig

from network.codes import STRENGTH_RANK, Quality, Sector, Strength

PERSON = "person"


@dataclass(frozen=True)
class MapGraph:
    """A map as plain data: alters (dicts with id, sector) and ties (from, to, strength, quality)."""

    alters: list[dict[str, Any]]
    ties: list[dict[str, Any]]


def _key(value: Any) -> str:
    return PERSON if value is None else str(value)


def build(graph: MapGraph) -> tuple[ig.Graph, list[str]]:
    """Return the igraph graph of a map (vertex 0 the person) and the vertex ids in order."""
    ids = [PERSON] + [str(a["id"]) for a in graph.alters]
    index = {ident: i for i, ident in enumerate(ids)}
    edges, weights = [], []
    for tie in graph.ties:
        if tie["quality"] == Quality.broken:
            continue
        edges.append((index[_key(tie["from_alter_id"])], index[str(tie["to_alter_id"])]))
        weights.append(float(STRENGTH_RANK[tie["strength"]]))
    g = ig.Graph(n=len(ids), edges=edges)
    g.es["weight"] = weights
    return g, ids


def effective_size(g: ig.Graph, v: int) -> float | None:
    """Burt's effective size of `v`, weighted (the general form NetworkX also computes)."""
    neighbours = set(g.neighbors(v)) - {v}
    if not neighbours:
        return None
    weight = _mutual_weights(g)

    def norm_sum(u: int, w: int) -> float:
        total = sum(weight.get((u, z), 0.0) for z in set(g.neighbors(u)) - {u})
        return weight.get((u, w), 0.0) / total if total else 0.0

    def norm_max(u: int, w: int) -> float:
        top = max((weight.get((u, z), 0.0) for z in set(g.neighbors(u)) - {u}), default=0.0)
        return weight.get((u, w), 0.0) / top if top else 0.0

    return sum(1 - sum(norm_sum(v, w) * norm_max(u, w) for w in neighbours) for u in neighbours)


def _mutual_weights(g: ig.Graph) -> dict[tuple[int, int], float]:
    weight: dict[tuple[int, int], float] = {}
    for edge in g.es:
        a, b = edge.tuple
        weight[(a, b)] = weight.get((a, b), 0.0) + edge["weight"]
        weight[(b, a)] = weight.get((b, a), 0.0) + edge["weight"]
    return weight


def metrics(graph: MapGraph) -> dict[str, Any]:
    """Return the map's size, density, composition, tie counts, Burt's measures, isolates."""
    g, ids = build(graph)
    size = len(graph.alters)
    person_ties = [t for t in graph.ties if t["from_alter_id"] is None]
    active = [t for t in person_ties if t["quality"] != Quality.broken]
    between = [t for t in graph.ties if t["from_alter_id"] is not None and t["quality"] != "broken"]
    linked = {_key(t["from_alter_id"]) for t in between} | {str(t["to_alter_id"]) for t in between}
    apart = g.induced_subgraph(range(1, g.vcount())) if size else None
    constraint = g.constraint([0], weights="weight")[0] if g.degree(0) else None
    return {
        "size": size,
        "person_ties": len(active),
        "alter_ties": len(between),
        "density": round(2 * len(between) / (size * (size - 1)), 6) if size > 1 else None,
        "sectors": {s.value: sum(a["sector"] == s for a in graph.alters) for s in Sector},
        "strengths": {s.value: sum(t["strength"] == s for t in active) for s in Strength},
        "qualities": {q.value: sum(t["quality"] == q for t in person_ties) for q in Quality},
        "effective_size": _round(effective_size(g, 0)),
        "constraint": _round(constraint),
        "isolated_alters": [i for i in ids[1:] if i not in linked],
        "components_without_person": _component_sizes(apart),
    }


def _component_sizes(g: ig.Graph | None) -> list[int]:
    if g is None:
        return []
    return sorted((len(c) for c in g.connected_components()), reverse=True)


def _round(value: float | None) -> float | None:
    return None if value is None or value != value else round(value, 6)


def sector_counts(alters: list[dict[str, Any]]) -> Counter[str]:
    """Return how many alters each sector holds."""
    return Counter(a["sector"] for a in alters)
