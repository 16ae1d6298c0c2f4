"""The region's month for dashboards: no cell of fewer than five clients, none derivable."""

from gateway.aggregates import month_totals, suppressed


def rows(network: str, phase: str, n: int, minutes: int = 60) -> list[dict]:
    one = {"housing_network_id": network, "phase": phase, "planned_minutes": minutes}
    return [one | {"delivered_minutes": minutes // 2, "shortfall": True} for _ in range(n)]


def test_a_small_cell_is_hidden_and_so_is_the_next_smallest_which_would_reveal_it():
    month = suppressed(
        month_totals(rows("a", "intensive", 1) + rows("a", "normal", 7) + rows("b", "light", 9))
    )
    cells = {(c["housing_network_id"], c["phase"]): c for c in month["breakdown"]}
    assert cells[("a", "intensive")]["clients"] == "<5"
    assert cells[("a", "normal")]["clients"] == "x"  # total − the others would give "<5" back
    for key in (("a", "intensive"), ("a", "normal")):
        assert {cells[key][f] for f in ("planned_minutes", "delivered_hours", "shortfalls")} == {
            None
        }
    shown = cells[("b", "light")]
    assert (shown["clients"], shown["planned_minutes"], shown["shortfalls"]) == (9, 540, 9)
    assert (month["clients"], month["planned_minutes"]) == (17, 17 * 60)


def test_cells_of_five_or_more_are_shown_whole():
    totals = month_totals(rows("a", "intensive", 5) + rows("b", "normal", 6))
    assert suppressed(totals) == totals


def test_a_small_month_hides_its_totals_too():
    month = suppressed(month_totals(rows("a", "intensive", 3)))
    assert (month["clients"], month["planned_minutes"], month["ratio"]) == ("<5", None, None)
    assert month["breakdown"][0]["clients"] in ("<5", "x")
    assert month["breakdown"][0]["planned_hours"] is None


def test_an_empty_month_answers_without_figures():
    # No client in the caller's region this month: nothing to break down, and an answer at all.
    month = suppressed(month_totals([]))
    assert (month["clients"], month["breakdown"], month["planned_minutes"]) == ("<5", [], None)
