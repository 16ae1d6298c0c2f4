"""Geometry both picture formats share: text measurement, boxes, label placement, line shapes.

Labels are placed greedily: for each node, candidate positions around it, nearest first, and the
first whose box overlaps no node and no label already placed is taken. Text is measured with
the DejaVu Sans metrics matplotlib ships, so the SVG and the PNG place labels alike.
"""

import math
from dataclasses import dataclass
from functools import cache

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

FONT_FAMILY = "DejaVu Sans"
SVG_FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
"""Verdana is wider than DejaVu Sans' metrics used to place labels, Arial narrower."""
PAD = 2.0


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Box") -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    """Baseline-left corner of the text."""
    size: float
    box: Box


_TEXT = TextToPath()


@cache
def measure(text: str, size: float) -> tuple[float, float]:
    """Return the width and height in pixels of `text` at `size` pixels (DejaVu Sans)."""
    prop = FontProperties(family=FONT_FAMILY, size=size)
    width, _, _ = _TEXT.get_text_width_height_descent(text, prop, ismath=False)
    return width * 1.06 + PAD, size * 1.25


def circle_box(x: float, y: float, r: float) -> Box:
    return Box(x - r, y - r, x + r, y + r)


def _candidate(x: float, y: float, angle: float, dist: float, w: float, h: float) -> Box:
    ax, ay = x + dist * math.cos(angle), y + dist * math.sin(angle)
    dx, dy = math.cos(angle), math.sin(angle)
    left = ax if dx > 0.3 else ax - w if dx < -0.3 else ax - w / 2
    top = ay - h / 2 if abs(dy) < 0.7 else ay if dy > 0 else ay - h
    return Box(left, top, left + w, top + h)


OFFSETS = (0, 20, -20, 40, -40, 65, -65, 90, -90, 135, -135, 180)
DISTANCES = (4, 12, 24, 40, 60, 85)


def place_label(
    text: str,
    x: float,
    y: float,
    r: float,
    outward: float,
    size: float,
    taken: list[Box],
    canvas: tuple[float, float],
) -> Label:
    """Place `text` near the node at (x, y), radius r, preferring the `outward` direction."""
    w, h = measure(text, size)
    fallback: Box | None = None
    for dist in DISTANCES:
        for offset in OFFSETS:
            box = _candidate(x, y, outward + math.radians(offset), r + dist, w, h)
            if not box.inside(*canvas):
                continue
            fallback = fallback or box
            if not any(box.overlaps(t) for t in taken):
                taken.append(box)
                return _label(text, box, size)
    box = fallback or _candidate(x, y, outward, r + 4, w, h)
    taken.append(box)
    return _label(text, box, size)


def _label(text: str, box: Box, size: float) -> Label:
    # The baseline sits a descent above the box's bottom.
    return Label(text, box.x0 + PAD / 2, box.y1 - size * 0.35, size, box)


def zigzag(
    x0: float, y0: float, x1: float, y1: float, step: float = 10.0, amp: float = 4.0
) -> list[tuple[float, float]]:
    """Return the points of a zigzag line from (x0, y0) to (x1, y1) (a stressful tie)."""
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 2 * step:
        return [(x0, y0), (x1, y1)]
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    nx, ny = -uy, ux
    points = [(x0, y0)]
    count = int(length // step)
    for i in range(1, count):
        side = amp if i % 2 else -amp
        points.append((x0 + ux * i * step + nx * side, y0 + uy * i * step + ny * side))
    points.append((x1, y1))
    return points


def arrowhead(
    x0: float, y0: float, x1: float, y1: float, size: float = 9.0
) -> list[tuple[float, float]]:
    """Return the triangle of an arrow pointing at (x1, y1) along the line from (x0, y0)."""
    angle = math.atan2(y1 - y0, x1 - x0)
    left = angle + math.radians(155)
    right = angle - math.radians(155)
    return [
        (x1, y1),
        (x1 + size * math.cos(left), y1 + size * math.sin(left)),
        (x1 + size * math.cos(right), y1 + size * math.sin(right)),
    ]


def trimmed(
    x0: float, y0: float, x1: float, y1: float, r0: float, r1: float
) -> tuple[float, float, float, float]:
    """Return the segment between two circles' rims instead of their centres."""
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    return x0 + ux * r0, y0 + uy * r0, x1 - ux * r1, y1 - uy * r1
