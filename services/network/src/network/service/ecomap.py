"""The eco-map in Hartman's notation: the person at the centre, sectors around, one mark per alter.

Closer rings hold stronger ties. Lines: solid for strong (thick) and medium, dashed for weak,
zigzag for stressful (orange) and conflicted (red), crossed for broken; arrows show who gives
support (to the alter, to the person, or both ways). The geometry is computed once here and
drawn by `ecomap_svg` and by the PNG renderer.
"""

import math
from dataclasses import dataclass, field
from typing import Any

from network.codes import LEGEND_LABELS, ROLE_LABELS, SECTOR_LABELS, Sector
from network.service.personal import MapGraph
from network.service.picture_geometry import (
    Box,
    Label,
    arrowhead,
    circle_box,
    measure,
    place_label,
    trimmed,
    zigzag,
)

WIDTH, HEIGHT, MAP_WIDTH = 1290, 980, 1000
CX, CY = 500.0, 490.0
RINGS = (150.0, 235.0, 320.0, 400.0)
RING_OF = {"strong": 0, "medium": 1, "weak": 2}
RING_TURN = (0.0, 0.35, -0.35, 0.18)
PERSON_R, ALTER_R, SPACING = 36.0, 12.0, 44.0
LABEL_SIZE, TITLE_SIZE = 12.0, 14.0
WIDTHS = {"strong": 4.0, "medium": 2.2, "weak": 1.6}
COLOURS = {
    "supportive": "#2b4a6f",
    "stressful": "#d9822b",
    "conflicted": "#c0392b",
    "broken": "#8a8a8a",
}
MAX_LABEL = 30


@dataclass
class AlterMark:
    """One alter: its node, its tie to the person (if any) drawn in the tie's style, its label."""

    id: str
    kind: str
    sector: str
    x: float
    y: float
    strength: str
    quality: str
    direction: str
    line: list[tuple[float, float]] = field(default_factory=list)
    dashed: bool = False
    width: float = 1.0
    colour: str = COLOURS["supportive"]
    arrows: list[list[tuple[float, float]]] = field(default_factory=list)
    crossings: list[list[tuple[float, float]]] = field(default_factory=list)
    label: Label | None = None


@dataclass
class EcoMap:
    title: str
    person: Label
    sectors: list[tuple[Label, tuple[float, float, float, float]]]
    alters: list[AlterMark]
    alter_ties: list[tuple[float, float, float, float, bool]]
    legend: list[tuple[str, str, Label]]


def _text(alter: dict[str, Any], lang: str) -> str:
    text = alter.get("label") or ROLE_LABELS.get(alter["role"], ROLE_LABELS["other"])[lang]
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _positions(alters: list[dict[str, Any]], person_ties: dict[str, dict]) -> dict[str, tuple]:
    """Return each alter's (x, y, outward angle): its sector's wedge, the ring of its strength."""
    sectors = list(Sector)
    wedge = 2 * math.pi / len(sectors)
    spots: dict[str, tuple] = {}
    for index, sector in enumerate(sectors):
        rings: list[list[str]] = [[] for _ in RINGS]
        members = [a for a in alters if a["sector"] == sector]
        for alter in sorted(members, key=lambda a: _ring(person_ties.get(str(a["id"])))):
            ring = _ring(person_ties.get(str(alter["id"])))
            while ring < len(RINGS) - 1 and len(rings[ring]) >= _capacity(RINGS[ring], wedge):
                ring += 1
            rings[ring].append(str(alter["id"]))
        start = -math.pi / 2 + index * wedge
        for r_index, ids in enumerate(rings):
            for j, ident in enumerate(ids):
                # Rings are turned against each other so nodes do not line up on one ray.
                turn = RING_TURN[r_index] * wedge / (len(ids) + 1)
                angle = start + wedge * (j + 0.5) / len(ids) + turn
                radius = RINGS[r_index]
                spots[ident] = (CX + radius * math.cos(angle), CY + radius * math.sin(angle), angle)
    return spots


def _ring(tie: dict | None) -> int:
    if tie is None or tie["quality"] == "broken":
        return len(RINGS) - 1
    return RING_OF[tie["strength"]]


def _capacity(radius: float, wedge: float) -> int:
    return max(1, int(radius * wedge * 0.9 // SPACING))


def _style(mark: AlterMark, tie: dict) -> None:
    x0, y0, x1, y1 = trimmed(CX, CY, mark.x, mark.y, PERSON_R, ALTER_R)
    mark.colour = COLOURS[tie["quality"]]
    mark.width = WIDTHS[tie["strength"]]
    mark.dashed = tie["strength"] == "weak"
    if tie["quality"] in ("stressful", "conflicted"):
        mark.line = zigzag(x0, y0, x1, y1, amp=3.0 if tie["quality"] == "stressful" else 5.0)
    else:
        mark.line = [(x0, y0), (x1, y1)]
    if tie["quality"] == "broken":
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        angle = math.atan2(y1 - y0, x1 - x0) + math.radians(60)
        for shift in (-4.0, 4.0):
            cx, cy = (
                mx + shift * math.cos(angle - math.radians(60)),
                my + shift * math.sin(angle - math.radians(60)),
            )
            dx, dy = 8 * math.cos(angle), 8 * math.sin(angle)
            mark.crossings.append([(cx - dx, cy - dy), (cx + dx, cy + dy)])
    if tie["direction"] in ("gives", "mutual"):
        mark.arrows.append(arrowhead(x0, y0, x1, y1))
    if tie["direction"] in ("receives", "mutual"):
        mark.arrows.append(arrowhead(x1, y1, x0, y0))


def layout(state: MapGraph, lang: str) -> EcoMap:
    """Return the eco-map's geometry for a map state, labelled in `lang`."""
    person_ties = {str(t["to_alter_id"]): t for t in state.ties if t["from_alter_id"] is None}
    spots = _positions(state.alters, person_ties)
    taken: list[Box] = [circle_box(CX, CY, PERSON_R + 2)]
    taken += [circle_box(x, y, ALTER_R + 2) for x, y, _ in spots.values()]
    canvas = (float(MAP_WIDTH), float(HEIGHT))
    sectors = _sector_titles(lang, taken, canvas)
    person_text = LEGEND_LABELS["person"][lang]
    pw, ph = measure(person_text, LABEL_SIZE)
    person_box = Box(CX - pw / 2, CY + PERSON_R + 4, CX + pw / 2, CY + PERSON_R + 4 + ph)
    taken.append(person_box)
    person = Label(
        person_text, person_box.x0 + 1, person_box.y1 - LABEL_SIZE * 0.35, LABEL_SIZE, person_box
    )
    marks = []
    order = sorted(state.alters, key=lambda a: _ring(person_ties.get(str(a["id"]))))
    for alter in order:
        x, y, angle = spots[str(alter["id"])]
        tie = person_ties.get(str(alter["id"]))
        mark = AlterMark(
            id=str(alter["id"]),
            kind=alter["kind"],
            sector=alter["sector"],
            x=x,
            y=y,
            strength=tie["strength"] if tie else "none",
            quality=tie["quality"] if tie else "none",
            direction=tie["direction"] if tie else "none",
        )
        if tie is not None:
            _style(mark, tie)
        mark.label = place_label(
            _text(alter, lang), x, y, ALTER_R, angle, LABEL_SIZE, taken, canvas
        )
        marks.append(mark)
    between = [
        _between(spots, t)
        for t in state.ties
        if t["from_alter_id"] is not None and t["quality"] != "broken"
    ]
    return EcoMap(LEGEND_LABELS["title"][lang], person, sectors, marks, between, _legend(lang))


def _sector_titles(lang: str, taken: list[Box], canvas: tuple[float, float]) -> list:
    wedge = 2 * math.pi / len(Sector)
    titles = []
    for index, sector in enumerate(Sector):
        start = -math.pi / 2 + index * wedge
        divider = (
            CX + 60 * math.cos(start),
            CY + 60 * math.sin(start),
            CX + 450 * math.cos(start),
            CY + 450 * math.sin(start),
        )
        mid = start + wedge / 2
        x, y = CX + 445 * math.cos(mid), CY + 445 * math.sin(mid)
        label = place_label(
            SECTOR_LABELS[sector][lang], x, y, 0.0, mid + math.pi, TITLE_SIZE, taken, canvas
        )
        titles.append((label, divider))
    return titles


LEGEND_ITEMS = ("strong", "medium", "weak", "stressful", "conflicted", "broken", "arrow")


def _legend(lang: str) -> list[tuple[str, str, Label]]:
    items = []
    for row, key in enumerate(LEGEND_ITEMS):
        y = 90.0 + row * 34
        text = LEGEND_LABELS[key][lang]
        w, h = measure(text, LABEL_SIZE)
        box = Box(MAP_WIDTH + 70, y - h / 2, MAP_WIDTH + 70 + w, y + h / 2)
        items.append(
            (key, text, Label(text, box.x0 + 1, box.y1 - LABEL_SIZE * 0.35, LABEL_SIZE, box))
        )
    return items


def _between(spots: dict[str, tuple], tie: dict) -> tuple[float, float, float, float, bool]:
    a, b = spots[str(tie["from_alter_id"])], spots[str(tie["to_alter_id"])]
    x0, y0, x1, y1 = trimmed(a[0], a[1], b[0], b[1], ALTER_R, ALTER_R)
    return x0, y0, x1, y1, tie["strength"] == "weak"
