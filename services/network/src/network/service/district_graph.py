"""A district's network as generic nodes and weighted ties, analysed with igraph.

Nodes have a kind (resident, partner, organisation, alter, activity) and a reference id, never
a name. The analysis finds key persons (degree, betweenness, eigenvector centrality),
bottlenecks (articulation points, bridges), isolates and communities (Louvain). Above a size
threshold betweenness is estimated from a seeded sample of source nodes (Brandes and Pich 2007:
sum the dependencies of k sampled sources and scale by n/k), and the answer says so
(`district_betweenness.py`).
"""

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig

from network.service.district_betweenness import betweenness as folded_betweenness


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    ref: str | None = None
    """A resource card or activity id where there is one; residents and bare alters have none."""


@dataclass
class DistrictGraph:
    """Nodes and undirected weighted ties; a repeated tie adds up its weight."""

    nodes: dict[str, Node] = field(default_factory=dict)
    ties: dict[tuple[str, str], float] = field(default_factory=dict)

    def add_node(self, node: Node) -> None:
        self.nodes.setdefault(node.id, node)

    def add_tie(self, a: str, b: str, weight: float) -> None:
        if a == b:
            return
        key = (a, b) if a < b else (b, a)
        self.ties[key] = self.ties.get(key, 0.0) + weight


@dataclass(frozen=True)
class Options:
    exact_max_ties: int = 12_000
    samples: int = 1_024
    seed: int = 7
    top: int = 10
    listed: int = 100
    """At most this many articulation points, bridges and isolates are listed (all are counted)."""


def to_igraph(graph: DistrictGraph) -> tuple[ig.Graph, list[Node]]:
    """Return the igraph graph and the node of each vertex."""
    nodes = list(graph.nodes.values())
    index = {n.id: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.ties])
    g.es["weight"] = list(graph.ties.values())
    return g, nodes


def betweenness(g: ig.Graph, options: Options) -> tuple[list[float], dict[str, Any]]:
    """Return normalised betweenness (as NetworkX's normalized=True) and how it was computed."""
    return folded_betweenness(g, options.exact_max_ties, options.samples, options.seed)


def eigenvector(g: ig.Graph) -> list[float]:
    """Return eigenvector centrality within the largest component, scaled to a maximum of 1.

    The measure means nothing across disconnected parts, so other components score 0.
    """
    values = [0.0] * g.vcount()
    if g.ecount() == 0:
        return values
    giant = max(g.connected_components(), key=len)
    scores = g.induced_subgraph(giant).eigenvector_centrality(weights=None)
    top = max(scores) or 1.0
    for vertex, score in zip(giant, scores, strict=True):
        values[vertex] = score / top
    return values


def _ranked(values: list[float], nodes: list[Node], top: int) -> list[dict[str, Any]]:
    # The top few of 60k nodes: a bounded heap, not a sort of them all (same order).
    order = heapq.nsmallest(top, range(len(values)), key=lambda i: (-values[i], nodes[i].id))
    return [_node(nodes[i]) | {"score": round(values[i], 6)} for i in order if values[i] > 0]


def _node(node: Node) -> dict[str, Any]:
    return {"node": node.id, "kind": node.kind, "ref": node.ref}


def _listed(items: Iterable[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    return list(items)[:limit]


def analyse(graph: DistrictGraph, options: Options) -> dict[str, Any]:
    """Return the district's key persons, bottlenecks, isolates and communities."""
    g, nodes = to_igraph(graph)
    between, method = betweenness(g, options)
    degree = [float(d) for d in g.degree()]
    cut = sorted(g.articulation_points(), key=lambda i: -degree[i])
    bridges = [g.es[e].tuple for e in g.bridges()]
    isolates = [i for i, d in enumerate(degree) if d == 0]
    communities = g.community_multilevel(weights="weight") if g.ecount() else None
    sizes = sorted((len(c) for c in communities), reverse=True) if communities else []
    return {
        "nodes": g.vcount(),
        "ties": g.ecount(),
        "kinds": dict(sorted(Counter(n.kind for n in nodes).items())),
        "key_persons": {
            "degree": _ranked(degree, nodes, options.top),
            "betweenness": _ranked(between, nodes, options.top),
            "eigenvector": _ranked(eigenvector(g), nodes, options.top),
        },
        "betweenness_method": method,
        "articulation_points": {
            "count": len(cut),
            "nodes": _listed((_node(nodes[i]) for i in cut), options.listed),
        },
        "bridges": {
            "count": len(bridges),
            "ties": [[nodes[a].id, nodes[b].id] for a, b in bridges[: options.listed]],
        },
        "isolates": {
            "count": len(isolates),
            "nodes": _listed((_node(nodes[i]) for i in isolates), options.listed),
        },
        "communities": {
            "count": len(sizes),
            "sizes": sizes[: options.listed],
            "modularity": round(communities.modularity, 6) if communities else None,
        },
    }
