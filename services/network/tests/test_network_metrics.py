"""Metrics against hand-computed values on small graphs and against NetworkX on random ones."""

import random

import networkx as nx
import pytest

from network.service.district_graph import DistrictGraph, Node, Options, analyse
from network.service.personal import MapGraph, metrics

EXACT = Options(top=50, listed=1000)


def ego_map(alters: int, person_ties: list[tuple[int, str]], alter_ties=()) -> MapGraph:
    """A map with alters a0..a(n-1); ties from the person and between alters (strength)."""
    return MapGraph(
        alters=[{"id": f"a{i}", "sector": "family"} for i in range(alters)],
        ties=[
            {"from_alter_id": None, "to_alter_id": f"a{i}", "strength": s, "quality": "supportive"}
            for i, s in person_ties
        ]
        + [
            {
                "from_alter_id": f"a{i}",
                "to_alter_id": f"a{j}",
                "strength": s,
                "quality": "supportive",
            }
            for i, j, s in alter_ties
        ],
    )


def district(edges: list[tuple[str, str]], lonely: tuple[str, ...] = ()) -> DistrictGraph:
    graph = DistrictGraph()
    for name in sorted({n for e in edges for n in e} | set(lonely)):
        graph.add_node(Node(name, "resident"))
    for a, b in edges:
        graph.add_tie(a, b, 1.0)
    return graph


def scores(result: dict, measure: str) -> dict[str, float]:
    return {n["node"]: n["score"] for n in result["key_persons"][measure]}


def test_a_star_has_no_redundancy_and_every_alter_is_isolated():
    star = metrics(ego_map(4, [(i, "medium") for i in range(4)]))
    assert star["size"] == 4 and star["density"] == 0
    assert star["effective_size"] == 4.0
    assert star["constraint"] == pytest.approx(4 * (1 / 4) ** 2)
    assert star["isolated_alters"] == ["a0", "a1", "a2", "a3"]
    assert star["components_without_person"] == [1, 1, 1, 1]


def test_two_alters_who_know_each_other_make_the_person_more_constrained():
    # Three alters, a0 and a1 tied: effective size n - 2t/n = 3 - 2/3; constraint
    # (1/3 + 1/3 * 1/2)^2 twice and (1/3)^2 once.
    m = metrics(ego_map(3, [(0, "weak"), (1, "weak"), (2, "weak")], [(0, 1, "weak")]))
    assert m["effective_size"] == pytest.approx(3 - 2 / 3, abs=1e-6)
    assert m["constraint"] == pytest.approx(2 * 0.25 + 1 / 9, abs=1e-6)
    assert m["density"] == pytest.approx(1 / 3, abs=1e-6)
    assert m["isolated_alters"] == ["a2"]
    assert m["components_without_person"] == [2, 1]


def test_a_path_has_a_bridge_at_every_tie_and_its_middle_is_the_broker():
    result = analyse(district([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")]), EXACT)
    assert {n["node"] for n in result["articulation_points"]["nodes"]} == {"b", "c", "d"}
    assert result["bridges"]["count"] == 4
    between = scores(result, "betweenness")
    assert between["c"] == pytest.approx(4 / 6) and between["b"] == pytest.approx(3 / 6)
    assert "a" not in between  # zero scores are not key persons


def test_two_triangles_joined_by_one_node_hinge_on_that_node():
    bowtie = [("o", "a"), ("o", "b"), ("a", "b"), ("o", "c"), ("o", "d"), ("c", "d")]
    result = analyse(district(bowtie, lonely=("z",)), EXACT)
    assert [n["node"] for n in result["articulation_points"]["nodes"]] == ["o"]
    assert result["bridges"]["count"] == 0
    # o lies on the 4 paths between the triangles, of (6-1)(6-2)/2 pairs counting the isolate
    assert scores(result, "betweenness") == {"o": pytest.approx(4 / 10)}
    assert result["key_persons"]["eigenvector"][0]["node"] == "o"
    assert result["key_persons"]["degree"][0] == {
        "node": "o",
        "kind": "resident",
        "ref": None,
        "score": 4.0,
    }
    assert [n["node"] for n in result["isolates"]["nodes"]] == ["z"]
    assert result["communities"]["count"] == 3  # the two triangles and the isolate


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_personal_measures_match_networkx_on_random_maps(seed):
    rng = random.Random(seed)
    n = rng.randint(5, 25)
    strengths = ["weak", "medium", "strong"]
    person = [(i, rng.choice(strengths)) for i in range(n) if rng.random() < 0.8]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.2]
    between = [(i, j, rng.choice(strengths)) for i, j in pairs]
    ours = metrics(ego_map(n, person, between))
    g = nx.Graph()
    g.add_nodes_from(["p"] + [f"a{i}" for i in range(n)])
    rank = {"weak": 1, "medium": 2, "strong": 3}
    g.add_weighted_edges_from((("p", f"a{i}", rank[s]) for i, s in person))
    g.add_weighted_edges_from(((f"a{i}", f"a{j}", rank[s]) for i, j, s in between))
    assert ours["effective_size"] == pytest.approx(
        nx.effective_size(g, ["p"], "weight")["p"], abs=1e-5
    )
    assert ours["constraint"] == pytest.approx(nx.constraint(g, ["p"], "weight")["p"], abs=1e-5)
    alters_only = g.subgraph([f"a{i}" for i in range(n)])
    assert ours["density"] == pytest.approx(nx.density(alters_only), abs=1e-6)
    sizes = sorted((len(c) for c in nx.connected_components(alters_only)), reverse=True)
    assert ours["components_without_person"] == sizes


@pytest.mark.parametrize("seed", [4, 5])
def test_district_measures_match_networkx_on_random_graphs(seed):
    rng = random.Random(seed)
    g = nx.gnm_random_graph(120, 200, seed=seed)
    g.add_edges_from((rng.randrange(120), 120 + k) for k in range(10))  # pendant nodes: bridges
    edges = [(f"n{a}", f"n{b}") for a, b in g.edges()]
    named = nx.relabel_nodes(g, lambda v: f"n{v}")
    result = analyse(
        district(edges, lonely=tuple(f"n{v}" for v in named if not named[v])),
        Options(top=500, listed=10_000),
    )

    expected = nx.betweenness_centrality(named)
    assert scores(result, "betweenness") == {
        k: pytest.approx(v, abs=1e-6) for k, v in expected.items() if v > 0
    }
    assert {n["node"] for n in result["articulation_points"]["nodes"]} == set(
        nx.articulation_points(named)
    )
    assert {frozenset(b) for b in result["bridges"]["ties"]} == {
        frozenset(b) for b in nx.bridges(named)
    }
    giant = named.subgraph(max(nx.connected_components(named), key=len))
    reference = nx.eigenvector_centrality(giant, max_iter=5000, tol=1e-10)
    top = max(reference.values())
    ours = scores(result, "eigenvector")
    for node in sorted(reference, key=reference.get, reverse=True)[:10]:
        assert ours[node] == pytest.approx(reference[node] / top, abs=1e-3)


def test_beyond_the_threshold_betweenness_is_estimated_and_says_so():
    g = nx.barabasi_albert_graph(600, 2, seed=9)
    edges = [(f"n{a}", f"n{b}") for a, b in g.edges()]
    result = analyse(district(edges), Options(exact_max_ties=100, samples=150, top=10))
    assert result["betweenness_method"]["sample_size"] == 150
    assert result["betweenness_method"]["method"].startswith("approximate")
    exact = nx.betweenness_centrality(nx.relabel_nodes(g, lambda v: f"n{v}"))
    best = set(sorted(exact, key=exact.get, reverse=True)[:10])
    assert len(best & set(scores(result, "betweenness"))) >= 7
