"""PNG renderer of the pictures, with matplotlib's Agg canvas (wheels only, fonts bundled).

Draws the same geometry as the SVG writers, one pixel per unit; returns the image and the
boxes its labels really take, as rendered, so tests can check that none overlap.
"""

import io

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Polygon, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.text import Text

from network.codes import LEGEND_LABELS
from network.service.ecomap import (
    ALTER_R,
    COLOURS,
    CX,
    CY,
    HEIGHT,
    MAP_WIDTH,
    PERSON_R,
    WIDTH,
    WIDTHS,
    EcoMap,
)
from network.service.picture_geometry import FONT_FAMILY, Label, arrowhead, zigzag
from network.service.sociogram import BOTTLENECK, KIND_COLOURS, SIZE, Sociogram

DPI = 100
PT = 72 / DPI
"""Points per pixel: labels are sized in pixels like the SVG's."""

Extent = tuple[float, float, float, float]
HALO = withStroke(linewidth=3 * PT, foreground="white")
"""A white outline keeps a label readable where a line runs under it."""


def canvas(width: int, height: int) -> tuple[Figure, Axes]:
    """Return a figure one unit per pixel, y pointing down like SVG's."""
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    return figure, ax


def text(ax: Axes, label: Label, colour: str = "#222") -> Text:
    return ax.text(
        label.x,
        label.y,
        label.text,
        fontsize=label.size * PT,
        family=FONT_FAMILY,
        va="baseline",
        ha="left",
        color=colour,
        path_effects=[HALO],
    )


def line(
    ax: Axes, points: list[tuple[float, float]], colour: str, width: float, dashed: bool
) -> None:
    xs, ys = zip(*points, strict=True)
    ax.plot(xs, ys, color=colour, linewidth=width * PT, linestyle=(0, (7, 5)) if dashed else "-")


def finish(figure: Figure, labels: list[Text]) -> tuple[bytes, list[Extent]]:
    """Render; return the PNG and each label's rendered box."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer).extents for t in labels]
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue(), [tuple(float(v) for v in b) for b in boxes]  # type: ignore[misc]


def ecomap_png(ecomap: EcoMap) -> tuple[bytes, list[Extent]]:
    """Return the eco-map as PNG and the rendered boxes of the alters' labels."""
    figure, ax = canvas(WIDTH, HEIGHT)
    for label, (x0, y0, x1, y1) in ecomap.sectors:
        line(ax, [(x0, y0), (x1, y1)], "#cfcfcf", 1.0, True)
        text(ax, label, "#555")
    for x0, y0, x1, y1, weak in ecomap.alter_ties:
        line(ax, [(x0, y0), (x1, y1)], "#9aa5b1", 1.2, weak)
    labels = []
    for mark in ecomap.alters:
        if mark.line:
            line(ax, mark.line, mark.colour, mark.width, mark.dashed)
            for crossing in mark.crossings:
                line(ax, crossing, mark.colour, 2.0, False)
            for arrow in mark.arrows:
                ax.add_patch(Polygon(arrow, closed=True, color=mark.colour))
        node = (
            Rectangle((mark.x - ALTER_R, mark.y - ALTER_R), 2 * ALTER_R, 2 * ALTER_R)
            if mark.kind == "organisation"
            else Circle((mark.x, mark.y), ALTER_R)
        )
        node.set(facecolor="#f4f1e8", edgecolor="#444", zorder=3)
        ax.add_patch(node)
        if mark.label is not None:
            labels.append(text(ax, mark.label))
    ax.add_patch(Circle((CX, CY), PERSON_R, color="#2b4a6f", zorder=3))
    text(ax, ecomap.person)
    _legend(ax, ecomap)
    return finish(figure, labels)


def _legend(ax: Axes, ecomap: EcoMap) -> None:
    x0, x1 = MAP_WIDTH + 10.0, MAP_WIDTH + 60.0
    for key, _, label in ecomap.legend:
        y = (label.box.y0 + label.box.y1) / 2
        if key in WIDTHS:
            line(ax, [(x0, y), (x1, y)], COLOURS["supportive"], WIDTHS[key], key == "weak")
        elif key == "arrow":
            line(ax, [(x0, y), (x1, y)], COLOURS["supportive"], 2.0, False)
            ax.add_patch(Polygon(arrowhead(x0, y, x1, y), closed=True, color=COLOURS["supportive"]))
        elif key == "broken":
            line(ax, [(x0, y), (x1, y)], COLOURS["broken"], 2.0, False)
            mid = (x0 + x1) / 2
            for s in (-4, 4):
                line(
                    ax, [(mid + s - 3, y + 7), (mid + s + 3, y - 7)], COLOURS["broken"], 2.0, False
                )
        else:
            line(
                ax,
                zigzag(x0, y, x1, y, amp=3.0 if key == "stressful" else 5.0),
                COLOURS[key],
                2.0,
                False,
            )
        text(ax, label)


def sociogram_png(sociogram: Sociogram, lang: str) -> bytes:
    """Return the sociogram as PNG."""
    figure, ax = canvas(SIZE, SIZE + 60)
    for x0, y0, x1, y1, bridge in sociogram.ties:
        colour, width = (BOTTLENECK, 2.0) if bridge else ("#b8c0c8", 0.8)
        line(ax, [(x0, y0), (x1, y1)], colour, width, False)
    for node, x, y, r, cut in sociogram.nodes:
        edge = {"edgecolor": BOTTLENECK, "linewidth": 3 * PT} if cut else {"edgecolor": "white"}
        ax.add_patch(Circle((x, y), r, facecolor=KIND_COLOURS[node.kind], zorder=3, **edge))
    x = 20.0
    for kind, colour in KIND_COLOURS.items():
        ax.add_patch(Circle((x, SIZE + 30), 6, color=colour))
        ax.text(
            x + 10,
            SIZE + 35,
            LEGEND_LABELS[f"kind_{kind}"][lang],
            fontsize=13 * PT,
            family=FONT_FAMILY,
        )
        x += 140
    ax.add_patch(
        Circle((x, SIZE + 30), 6, facecolor="white", edgecolor=BOTTLENECK, linewidth=3 * PT)
    )
    ax.text(
        x + 10, SIZE + 35, LEGEND_LABELS["bottleneck"][lang], fontsize=13 * PT, family=FONT_FAMILY
    )
    ax.text(12, 24, sociogram.title, fontsize=15 * PT, family=FONT_FAMILY, color="#333")
    return finish(figure, [])[0]
