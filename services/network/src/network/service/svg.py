"""SVG writers of the eco-map and the sociogram (plain text, no drawing library: fast)."""

from xml.sax.saxutils import escape, quoteattr

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
    AlterMark,
    EcoMap,
)
from network.service.picture_geometry import SVG_FONT, Label, arrowhead, zigzag

Point = tuple[float, float]


def _pts(points: list[Point]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _text(label: Label, css: str = "label") -> str:
    return (
        f'<text class="{css}" x="{label.x:.1f}" y="{label.y:.1f}" font-size="{label.size:.0f}"'
        ' paint-order="stroke" stroke="white" stroke-width="3">'
        f"{escape(label.text)}</text>"
    )


def _line(points: list[Point], colour: str, width: float, dashed: bool) -> str:
    dash = ' stroke-dasharray="7 5"' if dashed else ""
    return (
        f'<polyline class="tie" points="{_pts(points)}" fill="none" stroke="{colour}"'
        f' stroke-width="{width:.1f}"{dash}/>'
    )


def _node(mark: AlterMark) -> str:
    if mark.kind == "organisation":
        r = ALTER_R
        return (
            f'<rect class="node" x="{mark.x - r:.1f}" y="{mark.y - r:.1f}" width="{2 * r:.0f}"'
            f' height="{2 * r:.0f}" rx="3" fill="#f4f1e8" stroke="#444"/>'
        )
    return f'<circle class="node" cx="{mark.x:.1f}" cy="{mark.y:.1f}" r="{ALTER_R:.0f}" fill="#f4f1e8" stroke="#444"/>'


def _alter(mark: AlterMark) -> str:
    parts = [
        f'<g class="alter" id={quoteattr("alter-" + mark.id)} data-sector="{mark.sector}"'
        f' data-kind="{mark.kind}" data-strength="{mark.strength}" data-quality="{mark.quality}"'
        f' data-direction="{mark.direction}">'
    ]
    if mark.line:
        parts.append(_line(mark.line, mark.colour, mark.width, mark.dashed))
        parts += [
            f'<polyline points="{_pts(c)}" stroke="{mark.colour}" stroke-width="2"/>'
            for c in mark.crossings
        ]
        parts += [
            f'<polygon class="arrow" points="{_pts(a)}" fill="{mark.colour}"/>' for a in mark.arrows
        ]
    parts.append(_node(mark))
    if mark.label is not None:
        parts.append(_text(mark.label))
    parts.append("</g>")
    return "".join(parts)


def _legend_sample(key: str, y: float) -> str:
    x0, x1 = MAP_WIDTH + 10.0, MAP_WIDTH + 60.0
    if key == "arrow":
        return _line([(x0, y), (x1, y)], COLOURS["supportive"], 2.0, False) + (
            f'<polygon points="{_pts(arrowhead(x0, y, x1, y))}" fill="{COLOURS["supportive"]}"/>'
        )
    if key in WIDTHS:
        return _line([(x0, y), (x1, y)], COLOURS["supportive"], WIDTHS[key], key == "weak")
    if key == "broken":
        mid = (x0 + x1) / 2
        return _line([(x0, y), (x1, y)], COLOURS["broken"], 2.0, False) + "".join(
            f'<polyline points="{_pts([(mid + s - 3, y + 7), (mid + s + 3, y - 7)])}" stroke="{COLOURS["broken"]}" stroke-width="2"/>'
            for s in (-4, 4)
        )
    amp = 3.0 if key == "stressful" else 5.0
    return _line(zigzag(x0, y, x1, y, amp=amp), COLOURS[key], 2.0, False)


def ecomap_svg(ecomap: EcoMap) -> str:
    """Return the eco-map as an SVG document."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}"'
        f' height="{HEIGHT}" font-family="{SVG_FONT}">',
        f"<title>{escape(ecomap.title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        '<g class="sectors">',
    ]
    for label, (x0, y0, x1, y1) in ecomap.sectors:
        out.append(
            f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="#cfcfcf" stroke-dasharray="2 4"/>'
        )
        out.append(_text(label, "sector"))
    out.append('</g><g class="alter-ties">')
    for x0, y0, x1, y1, weak in ecomap.alter_ties:
        out.append(_line([(x0, y0), (x1, y1)], "#9aa5b1", 1.2, weak))
    out.append("</g>")
    out += [_alter(mark) for mark in ecomap.alters]
    out.append(
        f'<g class="person"><circle cx="{CX:.1f}" cy="{CY:.1f}" r="{PERSON_R:.0f}" fill="#2b4a6f"/>{_text(ecomap.person)}</g>'
    )
    out.append('<g class="legend">')
    for key, _, label in ecomap.legend:
        out.append(
            f'<g class="legend-item" data-key="{key}">{_legend_sample(key, (label.box.y0 + label.box.y1) / 2)}{_text(label)}</g>'
        )
    out.append("</g></svg>")
    return "".join(out)
