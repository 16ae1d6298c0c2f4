"""Betweenness with leaves folded into their neighbours: Brandes' answer on map-shaped graphs."""

import random

import networkx as nx
import pytest

from network.service.district_graph import DistrictGraph, Node, Options, analyse


def maps_district(seed: int) -> nx.Graph:
    """Residents with mostly one-tie alters, shared cards, a lone pair and a lone node."""
    rng = random.Random(seed)
    g = nx.Graph()
    cards = [f"card{k}" for k in range(6)]
    for r in range(40):
        mine = [f"r{r}a{k}" if rng.random() < 0.7 else rng.choice(cards) for k in range(8)]
        g.add_edges_from((f"r{r}", alter) for alter in mine)
        g.add_edges_from(tuple(rng.sample(mine, 2)) for _ in range(rng.randint(0, 2)))
    g.add_edges_from([("p1", "p2"), ("s0", "s1"), ("s0", "s2"), ("s0", "s3")])
    g.add_node("alone")
    g.remove_edges_from(nx.selfloop_edges(g))
    return g


def as_district(g: nx.Graph) -> DistrictGraph:
    graph = DistrictGraph()
    for name in sorted(g):
        graph.add_node(Node(name, "resident"))
    for a, b in g.edges():
        graph.add_tie(a, b, 1.0)
    return graph


def scores(result: dict, measure: str) -> dict[str, float]:
    return {e["node"]: e["score"] for e in result["key_persons"][measure]}


@pytest.mark.parametrize("seed", [1, 2])
def test_exact_betweenness_of_map_shaped_districts_is_brandes_answer(seed):
    g = maps_district(seed)
    assert sum(1 for v in g if g.degree(v) == 1) > len(g) / 2  # mostly leaves: the folded case
    result = analyse(as_district(g), Options(top=10_000, listed=10_000))
    expected = nx.betweenness_centrality(g)
    assert result["betweenness_method"]["sample_size"] is None
    assert scores(result, "betweenness") == {
        k: pytest.approx(round(v, 6), abs=2e-6) for k, v in expected.items() if round(v, 6) > 0
    }


def test_sampled_betweenness_counts_the_leaves_share_exactly():
    g = maps_district(3)
    result = analyse(as_district(g), Options(exact_max_ties=10, samples=20, top=10_000))
    assert result["betweenness_method"]["sample_size"] == 20
    exact = nx.betweenness_centrality(g)
    best = set(sorted(exact, key=exact.get, reverse=True)[:10])
    estimate = scores(result, "betweenness")
    assert len(best & set(sorted(estimate, key=estimate.get, reverse=True)[:10])) >= 7
    # A star's centre lies only between its own leaves: exact whichever sources are sampled.
    assert estimate["s0"] == pytest.approx(exact["s0"], abs=1e-6)
