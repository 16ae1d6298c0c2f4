"""The region's month as the gateway answers it: totals and the per-network, per-phase breakdown
recomputed over the rows the caller may see, and small-count suppressed for dashboards.

A dashboard never gets a client's row, but a breakdown cell of one resident in one network's
intensive phase is that resident's planned and delivered hours, and the region's total minus
the other cells gives a hidden cell back. So, for dashboards, a cell (or the whole month) with
fewer than five clients shows "<5" and no figures, and where the total would reveal a single
hidden cell a second one is hidden too ("x"): the same rule as the regional survey's.
"""

from typing import Any

from tukiverkko_common.suppression import THRESHOLD, Suppression

FIGURES = ("planned_minutes", "delivered_minutes", "planned_hours", "delivered_hours", "shortfalls")
TOTAL = "total"


def month_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The month's totals over `rows` (the client rows kept for the caller)."""
    planned = sum(r["planned_minutes"] for r in rows)
    delivered = sum(r["delivered_minutes"] for r in rows)
    return {
        "clients": len(rows),
        "planned_minutes": planned,
        "delivered_minutes": delivered,
        "ratio": round(delivered / planned, 4) if planned else None,
        "shortfalls": sum(1 for r in rows if r.get("shortfall")),
        "breakdown": network_phase_breakdown(rows),
    }


def network_phase_breakdown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Regroup the kept rows per housing network and phase: the service's own breakdown also
    counts clients of other regions, so it never leaves the gateway."""
    groups: dict[tuple[str | None, str | None], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row.get("housing_network_id"), row.get("phase")), []).append(row)
    result = []
    for (network, phase), members in sorted(
        groups.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or "", kv[0][1] or "")
    ):
        planned = sum(r["planned_minutes"] for r in members)
        delivered = sum(r["delivered_minutes"] for r in members)
        result.append(
            {
                "housing_network_id": network,
                "phase": phase,
                "clients": len(members),
                "planned_minutes": planned,
                "delivered_minutes": delivered,
                "planned_hours": round(planned / 60, 2),
                "delivered_hours": round(delivered / 60, 2),
                "shortfalls": sum(1 for r in members if r.get("shortfall")),
            }
        )
    return result


def suppressed(totals: dict[str, Any]) -> dict[str, Any]:
    """The totals as a dashboard may see them: small cells and what would reveal them hidden."""
    cells = totals["breakdown"]
    table = Suppression(THRESHOLD)
    table.counts = {TOTAL: totals["clients"]} | {i: c["clients"] for i, c in enumerate(cells)}
    table.add_group(TOTAL, range(len(cells)))
    shown = table.solve()
    breakdown = [
        cell if isinstance(shown[i], int) else _hidden(cell, shown[i])
        for i, cell in enumerate(cells)
    ]
    result = totals | {"breakdown": breakdown}
    if not isinstance(shown[TOTAL], int):
        result |= {"clients": shown[TOTAL], "ratio": None}
        result |= dict.fromkeys(("planned_minutes", "delivered_minutes", "shortfalls"))
    return result


def _hidden(cell: dict[str, Any], mark: Any) -> dict[str, Any]:
    return cell | {"clients": mark} | dict.fromkeys(FIGURES)
