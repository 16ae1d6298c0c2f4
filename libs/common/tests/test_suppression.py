"""Small-count suppression: no published figure below the threshold, none derivable from a total."""

import random

import pytest

from tukiverkko_common.suppression import SMALL, Suppression


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_can_be_worked_out_from_any_group(seed):
    rng = random.Random(seed)
    table = Suppression(5)
    parts = [f"d{i}" for i in range(rng.randint(1, 6))]
    table.counts = {p: rng.choice([0, 1, 3, 4, 5, 6, 9, 20]) for p in parts}
    table.counts["total"] = sum(table.counts[p] for p in parts)
    table.add_group("total", parts)
    shown = table.solve()
    assert not [v for v in shown.values() if isinstance(v, int) and v < 5]
    hidden = [c for c in ("total", *parts) if not isinstance(shown[c], int)]
    assert len(hidden) != 1, shown
    for cell, value in shown.items():
        if value == SMALL:
            assert table.counts[cell] < 5


def test_a_small_total_without_parts_is_hidden_and_the_solver_ends():
    # An empty month (no cells): the total is below the threshold and nothing else exists.
    table = Suppression(5)
    table.counts = {"total": 0}
    table.add_group("total", [])
    assert table.solve() == {"total": SMALL}
