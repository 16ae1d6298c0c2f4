"""Betweenness by blocks: Brandes' answer on map-shaped graphs and nested blocks; the estimate."""

import random

import networkx as nx
import pytest

from network.config import NetworkSettings
from network.service.district import options_of
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


def nested_blocks() -> nx.Graph:
    """Blocks on blocks: loops hanging on loops, a clique, a tree, a grid and loose parts."""
    g = nx.cycle_graph(["a0", "a1", "a2", "a3", "a4"])
    nx.add_cycle(g, ["a0", "b1", "b2", "b3"])  # a loop hanging on a0
    g.add_edges_from(("b2", x) for x in ("k1", "k2", "k3"))
    g.add_edges_from([("k1", "k2"), ("k2", "k3"), ("k1", "k3")])  # a clique hanging on b2
    nx.add_path(g, ["a2", "t1", "t2", "t3"])
    g.add_edge("t1", "t4")  # a tree hanging on a2
    g.add_edge("a3", "c0")  # a bridge to a square with a chord: two triangles in one block
    nx.add_cycle(g, ["c0", "c1", "c2", "c3"])
    g.add_edge("c0", "c2")
    g.add_edges_from(nx.relabel_nodes(nx.grid_2d_graph(3, 4), lambda v: f"g{v[0]}{v[1]}").edges)
    g.add_edges_from([("p1", "p2"), ("s0", "s1"), ("s0", "s2")])
    g.add_node("alone")
    return nx.union(g, nx.relabel_nodes(maps_district(4), lambda v: f"m{v}"))


def test_exact_betweenness_by_blocks_is_brandes_answer_on_nested_blocks():
    g = nested_blocks()
    result = analyse(as_district(g), Options(top=10_000, listed=10_000))
    expected = nx.betweenness_centrality(g)
    assert result["betweenness_method"] == {
        "method": "exact (Brandes, by blocks)",
        "sample_size": None,
    }
    assert scores(result, "betweenness") == {
        k: pytest.approx(round(v, 6), abs=2e-6) for k, v in expected.items() if round(v, 6) > 0
    }


def test_sampled_betweenness_states_its_standard_error_and_keeps_within_it():
    g = nested_blocks()
    result = analyse(as_district(g), Options(exact_max_ties=10, samples=30, top=10_000))
    method = result["betweenness_method"]
    assert method["sample_size"] == 30 and method["sampled_nodes"] > 30
    exact = nx.betweenness_centrality(g)
    estimate = scores(result, "betweenness")
    error = max(abs(estimate.get(k, 0.0) - v) for k, v in exact.items())
    assert 0 < error <= 4 * method["max_standard_error"]
    # Outside the large block everything is exact: the clique's cut vertex and the tree's.
    assert estimate["t1"] == pytest.approx(exact["t1"], abs=1e-6)
    assert estimate["s0"] == pytest.approx(exact["s0"], abs=1e-6)


def test_a_district_of_ten_thousand_ties_is_analysed_exactly_by_default():
    rng = random.Random(10)
    graph = DistrictGraph()
    for r in range(1_100):
        graph.add_node(Node(f"r{r}", "resident"))
        for k in range(9):
            alter = f"card{rng.randrange(250)}" if rng.random() < 0.33 else f"r{r}a{k}"
            graph.add_node(Node(alter, "alter"))
            graph.add_tie(f"r{r}", alter, 1.0)
    assert 9_500 < len(graph.ties) <= NetworkSettings().exact_betweenness_max_ties
    result = analyse(graph, options_of(NetworkSettings()))
    assert result["betweenness_method"]["sample_size"] is None
