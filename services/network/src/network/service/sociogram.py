"""The sociogram of a district: node size by betweenness, bottlenecks marked, bridges in red.

A district too big to read is drawn as its most connected part (the answer's title says how
many of how many nodes are shown). Nodes carry no names: residents and alters are numbered,
cards and activities show their kind only; each node's id is in its SVG title for tooltips.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

import igraph as ig

from network.codes import LEGEND_LABELS
from network.service.district_graph import DistrictGraph, Node, Options, betweenness, to_igraph
from network.service.picture_geometry import SVG_FONT

SIZE, MARGIN = 1000, 40.0
KIND_COLOURS = {
    "resident": "#2b4a6f",
    "alter": "#9aa5b1",
    "partner": "#3c8d5a",
    "organisation": "#d9822b",
    "activity": "#7b5ea7",
}
BOTTLENECK = "#c0392b"


@dataclass
class Sociogram:
    title: str
    nodes: list[tuple[Node, float, float, float, bool]]
    """Node, x, y, radius, is a bottleneck (articulation point)."""
    ties: list[tuple[float, float, float, float, bool]]
    """x0, y0, x1, y1, is a bridge."""


def _shown(g: ig.Graph, limit: int) -> list[int]:
    if g.vcount() <= limit:
        return list(range(g.vcount()))
    degree = g.degree()
    return sorted(sorted(range(g.vcount()), key=lambda v: -degree[v])[:limit])


def layout(graph: DistrictGraph, options: Options, lang: str, limit: int) -> Sociogram:
    """Return the sociogram geometry of (the most connected part of) a district graph."""
    full, all_nodes = to_igraph(graph)
    keep = _shown(full, limit)
    g = full.induced_subgraph(keep)
    nodes = [all_nodes[v] for v in keep]
    title = LEGEND_LABELS["sociogram"][lang]
    if len(keep) < full.vcount():
        title += f" ({len(keep)}/{full.vcount()})"
    if g.vcount() == 0:
        return Sociogram(title, [], [])
    coords = (
        g.layout_fruchterman_reingold(seed=None, niter=300)
        if g.vcount() > 1
        else ig.Layout([(0.0, 0.0)])
    )
    coords.fit_into((MARGIN, MARGIN, SIZE - MARGIN, SIZE - MARGIN))
    between, _ = betweenness(g, options)
    top = max(between) or 1.0
    cut = set(g.articulation_points())
    bridges = {frozenset(g.es[e].tuple) for e in g.bridges()}
    placed = [
        (node, *coords[i], 4.0 + 14.0 * (between[i] / top), i in cut)
        for i, node in enumerate(nodes)
    ]
    ties = [(*coords[a], *coords[b], frozenset((a, b)) in bridges) for a, b in g.get_edgelist()]
    return Sociogram(title, placed, ties)


def sociogram_svg(sociogram: Sociogram, lang: str) -> str:
    """Return the sociogram as an SVG document."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE + 60}" width="{SIZE}"'
        f' height="{SIZE + 60}" font-family="{SVG_FONT}">',
        f"<title>{escape(sociogram.title)}</title>",
        f'<rect width="{SIZE}" height="{SIZE + 60}" fill="white"/>',
        f'<text x="12" y="24" font-size="15" fill="#333">{escape(sociogram.title)}</text>',
        '<g class="ties">',
    ]
    for x0, y0, x1, y1, bridge in sociogram.ties:
        colour, width = (BOTTLENECK, 2.0) if bridge else ("#b8c0c8", 0.8)
        css = ' class="bridge"' if bridge else ""
        out.append(
            f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{colour}"'
            f' stroke-width="{width}"{css}/>'
        )
    out.append('</g><g class="nodes">')
    for node, x, y, r, cut in sociogram.nodes:
        ring = f' stroke="{BOTTLENECK}" stroke-width="3"' if cut else ' stroke="white"'
        out.append(
            f'<circle class="node{" bottleneck" if cut else ""}" data-kind="{node.kind}"'
            f' cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{KIND_COLOURS[node.kind]}"{ring}>'
            f"<title>{escape(node.id)}</title></circle>"
        )
    out.append("</g>")
    out.append(_legend(lang))
    out.append("</svg>")
    return "".join(out)


def _legend(lang: str) -> str:
    parts = ['<g class="legend" font-size="13">']
    x = 20.0
    for kind, colour in KIND_COLOURS.items():
        parts.append(f'<circle cx="{x:.0f}" cy="{SIZE + 30}" r="6" fill="{colour}"/>')
        text = LEGEND_LABELS[f"kind_{kind}"][lang]
        parts.append(f'<text x="{x + 10:.0f}" y="{SIZE + 35}">{escape(text)}</text>')
        x += 140
    parts.append(
        f'<circle cx="{x:.0f}" cy="{SIZE + 30}" r="6" fill="white" stroke="{BOTTLENECK}" stroke-width="3"/>'
        f'<text x="{x + 10:.0f}" y="{SIZE + 35}">{escape(LEGEND_LABELS["bottleneck"][lang])}</text></g>'
    )
    return "".join(parts)
