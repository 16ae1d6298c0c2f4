"""Pictures: the eco-map SVG in Hartman's notation, PNG on request, labels that never overlap."""

import asyncio
import random
import xml.etree.ElementTree as ET

from network.codes import AlterRole, Sector
from network.service.ecomap import layout
from network.service.personal import MapGraph
from network.service.png import ecomap_png

from .conftest import network_settings, running_network

SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def forty_alters(seed: int) -> MapGraph:
    """A crowded map: 40 alters, every sector, long labels and codes, ties of every kind."""
    rng = random.Random(seed)
    alters, ties = [], []
    for i in range(40):
        alter = {
            "id": f"a{i:02d}",
            "kind": "organisation" if i % 6 == 0 else "person",
            "sector": rng.choice(list(Sector)).value,
            "role": rng.choice(list(AlterRole)).value,
            "label": f"Testihenkilö numero {i}" if i % 4 == 0 else None,
        }
        alters.append(alter)
        ties.append(
            {
                "from_alter_id": None,
                "to_alter_id": alter["id"],
                "strength": rng.choice(["strong", "medium", "weak"]),
                "quality": rng.choice(["supportive", "supportive", "stressful", "broken"]),
                "direction": rng.choice(["gives", "receives", "mutual"]),
            }
        )
    return MapGraph(alters, ties)


def overlapping(boxes: list[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[:i])
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


async def test_the_ecomap_svg_holds_one_mark_per_alter_in_its_ties_style_and_a_legend(network):
    m = await network.new_map()
    strong = await network.alter(m["id"], "family", role="parent")
    weak = await network.alter(m["id"])
    stressful = await network.alter(m["id"], "work_school_leisure", role="colleague")
    await network.tie(m["id"], strong["id"], "strong", direction="receives")
    await network.tie(m["id"], weak["id"], "weak", direction="gives")
    await network.tie(m["id"], stressful["id"], "medium", quality="stressful")

    response = await network.http.get(f"/api/v1/maps/{m['id']}/ecomap", params={"lang": "sv"})
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.text)
    marks = {g.get("id"): g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "alter"}
    assert set(marks) == {f"alter-{a['id']}" for a in (strong, weak, stressful)}
    assert marks[f"alter-{strong['id']}"].get("data-strength") == "strong"
    weak_line = marks[f"alter-{weak['id']}"].find(f"{SVG_NS}polyline")
    assert weak_line.get("stroke-dasharray")
    assert marks[f"alter-{strong['id']}"].find(f"{SVG_NS}polyline").get("stroke-dasharray") is None
    zigzag = marks[f"alter-{stressful['id']}"].find(f"{SVG_NS}polyline")
    assert len(zigzag.get("points").split()) > 5
    assert len(marks[f"alter-{strong['id']}"].findall(f"{SVG_NS}polygon")) == 1  # one arrow
    texts = [t.text for t in marks[f"alter-{weak['id']}"].iter(f"{SVG_NS}text")]
    assert texts == ["granne"]
    legend = next(g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "legend")
    keys = [g.get("data-key") for g in legend if g.get("class") == "legend-item"]
    assert {"strong", "weak", "stressful", "broken", "arrow"} <= set(keys)


async def test_png_is_served_on_request_by_query_or_accept_header(network):
    m = await network.new_map()
    await network.alter(m["id"])
    by_query = await network.http.get(f"/api/v1/maps/{m['id']}/ecomap", params={"format": "png"})
    by_accept = await network.http.get(
        f"/api/v1/maps/{m['id']}/ecomap", headers={"accept": "image/png"}
    )
    for response in (by_query, by_accept):
        assert response.headers["content-type"] == "image/png"
        assert response.content.startswith(PNG_SIGNATURE)


def test_forty_alters_labels_do_not_overlap_in_the_rendered_png():
    for seed in (1, 2, 3):
        png, boxes = ecomap_png(layout(forty_alters(seed), "fi"))
        assert png.startswith(PNG_SIGNATURE)
        assert len(boxes) == 40
        assert overlapping(boxes) == [], f"seed {seed}"


async def test_pictures_beyond_the_processs_rendering_slots_are_turned_away(
    tmp_path, bootstrap_servers
):
    settings = network_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'busy.db'}", bootstrap_servers, render_concurrency=1
    )
    async with running_network(settings) as busy:
        m = await busy.new_map()
        await busy.alter(m["id"])
        url = f"/api/v1/maps/{m['id']}/ecomap"
        answers = await asyncio.gather(
            *(busy.http.get(url, params={"format": "png"}) for _ in range(4))
        )
    statuses = sorted(a.status_code for a in answers)
    assert statuses[0] == 200 and statuses[-1] == 503
    refused = next(a for a in answers if a.status_code == 503)
    assert refused.headers["retry-after"] == "1"
