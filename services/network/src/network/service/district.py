"""District analysis: gather a district's network from personal maps and participation, analyse.

Residents (the maps' clients) and alters without a card get numbered node ids, so the answer,
which dashboards of the whole region may read, names no client; alters linked to one resource
card are one node across maps, named by the card (an organisation's or a consenting partner's).
"""

import asyncio
from typing import Any
from uuid import UUID

from sqlalchemy import String, cast
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from network.codes import STRENGTH_RANK
from network.config import NetworkSettings
from network.models import Alter, NetworkMap, Tie
from network.service.common import stage
from network.service.district_graph import DistrictGraph, Node, Options, analyse
from network.service.participation import participation_ties
from tukiverkko_common.contracts.network import DistrictNetworkAnalysed
from tukiverkko_common.uow import UnitOfWork

KIND_WEIGHT = {"attended": 1.0, "brought": 2.0, "planned": 2.0}


class _Nodes:
    """Public node ids: residents and bare alters numbered, cards and activities by their id."""

    def __init__(self, graph: DistrictGraph) -> None:
        self.graph = graph
        self.residents: dict[str, str] = {}
        self.alters: dict[str, str] = {}

    def resident(self, client_id: str) -> str:
        ident = self.residents.setdefault(client_id, f"resident:{len(self.residents) + 1}")
        self.graph.add_node(Node(ident, "resident"))
        return ident

    def alter(self, alter_id: str, kind: str, card: UUID | None) -> str:
        if card is not None:
            ident = f"card:{card}"
            if ident not in self.graph.nodes:  # a shared card recurs across many maps
                self.graph.add_node(
                    Node(ident, "organisation" if kind == "organisation" else "partner", str(card))
                )
        else:
            ident = self.alters.setdefault(alter_id, f"alter:{len(self.alters) + 1}")
            self.graph.add_node(Node(ident, "alter"))
        self.alters[alter_id] = ident
        return ident


def _raw(column: Any) -> Any:
    # Ids as the database's text: a dict key needs no UUID object, and 100k rows skip 300k parses.
    return cast(column, String)


async def load_district(session: AsyncSession, region: str, district: str) -> DistrictGraph:
    """Return the district's graph: its maps' people and ties, and who takes part in what."""
    graph = DistrictGraph()
    nodes = _Nodes(graph)
    # Core rows, not the ORM's: 10k ties and 8k alters skip its per-row work (15 % of the load).
    rows = (await session.connection()).execute
    here = (NetworkMap.region == region, NetworkMap.district == district)
    map_ids = select(NetworkMap.id).where(*here)
    maps = select(_raw(NetworkMap.id), _raw(NetworkMap.client_id)).where(*here)
    centre: dict[str, str] = {}
    for map_id, client_id in (await rows(maps.order_by(col(NetworkMap.client_id)))).all():
        # One form for a client whatever the backend's text (SQLite keeps UUIDs as bare hex), so a
        # map's client and the same client as a housing resident are one node; once per map.
        centre[map_id] = nodes.resident(f"client:{UUID(client_id)}")
    alters = select(_raw(Alter.id), Alter.kind, Alter.resource_card_id).where(
        col(Alter.map_id).in_(map_ids)
    )
    for alter_id, kind, card in (await rows(alters.order_by(col(Alter.id)))).all():
        nodes.alter(alter_id, kind, card)
    ties = select(
        _raw(Tie.map_id), _raw(Tie.from_alter_id), _raw(Tie.to_alter_id), Tie.strength
    ).where(col(Tie.map_id).in_(map_ids), Tie.quality != "broken")
    for map_id, source, target, strength in (await rows(ties)).all():
        a = centre[map_id] if source is None else nodes.alters[source]
        graph.add_tie(a, nodes.alters[target], float(STRENGTH_RANK[strength]))
    for tie in await participation_ties(session, region, district):
        person = _person(nodes, tie.person_ref)
        if tie.kind == "resident":  # a membership: the resident is a node, tied or not
            continue
        if tie.activity_ref.startswith(("client:", "card:")):  # one person brought another
            graph.add_tie(person, _person(nodes, tie.activity_ref), KIND_WEIGHT.get(tie.kind, 1.0))
            continue
        activity = f"activity:{tie.activity_ref}"
        graph.add_node(Node(activity, "activity", tie.activity_ref))
        graph.add_tie(person, activity, tie.weight or KIND_WEIGHT.get(tie.kind, 1.0))
    return graph


def _person(nodes: _Nodes, ref: str) -> str:
    if ref.startswith("card:"):
        ident = ref
        nodes.graph.add_node(Node(ident, "partner", ref.removeprefix("card:")))
        return ident
    return nodes.resident(ref)


def options_of(settings: NetworkSettings) -> Options:
    """Return the analysis options the settings give."""
    return Options(
        exact_max_ties=settings.exact_betweenness_max_ties,
        samples=settings.betweenness_samples,
        seed=settings.betweenness_seed,
        top=settings.key_persons,
    )


async def analyse_district(
    *, uow: UnitOfWork, graph: DistrictGraph, region: str, district: str, settings: NetworkSettings
) -> dict[str, Any]:
    """Analyse a loaded district graph (in a worker thread) and stage the analysis event."""
    result = await asyncio.to_thread(analyse, graph, options_of(settings))
    event = DistrictNetworkAnalysed(
        region=region,
        district=district,
        nodes=result["nodes"],
        ties=result["ties"],
        communities=result["communities"]["count"],
        isolates=result["isolates"]["count"],
        articulation_points=result["articulation_points"]["count"],
        bridges=result["bridges"]["count"],
        approximate_betweenness=result["betweenness_method"]["sample_size"] is not None,
    )
    stage(uow, event, f"{region}/{district}")
    await uow.commit()
    return {"region": region, "district": district} | result
