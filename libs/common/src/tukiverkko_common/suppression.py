"""Small-count suppression for published aggregates: primary below a threshold, then complementary.

A count below the threshold is primary-suppressed ("<5"). That alone is not enough: where a
published total is the sum of published parts (a municipality = its districts; a row's clients =
their phases), one hidden part is the total minus the others. So every such group (a total and
its parts) that hides exactly one cell hides one more — the smallest visible part, else the
total — repeated until no group hides exactly one. A complementary cell is shown as "x", never
as "<5": it is at least the threshold, so the hidden primary cell stays anywhere in 0…4.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Literal

SMALL = "<5"
HIDDEN = "x"
THRESHOLD = 5
"""The smallest count published: the survey and the dashboards' aggregates share it."""

Cell = int | Literal["<5", "x"]
"""A published count; "<5" when below five; "x" when hidden so that a "<5" cell cannot be derived."""


@dataclass
class Suppression:
    """Counts by cell, the additive groups over them, and what ends up hidden."""

    threshold: int
    counts: dict[Hashable, int] = field(default_factory=dict)
    groups: list[tuple[Hashable, list[Hashable]]] = field(default_factory=list)

    def add_group(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """Declare that `total` is the sum of `parts` (both published)."""
        self.groups.append((total, list(parts)))

    def solve(self) -> dict[Hashable, int | str]:
        """Return each cell's published value: the count, "<5" or "x"."""
        primary = {c for c, n in self.counts.items() if n < self.threshold}
        hidden = set(primary)
        changed = True
        while changed:
            changed = False
            for total, parts in self.groups:
                if len([c for c in (total, *parts) if c in hidden]) != 1:
                    continue
                visible = sorted((self.counts[p], str(p)) for p in parts if p not in hidden)
                pick = next(p for p in parts if str(p) == visible[0][1]) if visible else total
                if pick in hidden:  # a hidden total without parts: nothing could reveal it
                    continue
                hidden.add(pick)
                changed = True
        return {
            c: (SMALL if c in primary else HIDDEN) if c in hidden else n
            for c, n in self.counts.items()
        }
