"""Personal analysis use case: a map's metrics, with the (aggregate-only) event staged."""

from typing import Any

from network.models import NetworkMap
from network.service.common import stage
from network.service.personal import metrics
from network.service.snapshots import current_state
from tukiverkko_common.contracts.network import PersonalNetworkAnalysed
from tukiverkko_common.uow import UnitOfWork


async def analyse_map(*, uow: UnitOfWork, network_map: NetworkMap) -> dict[str, Any]:
    """Return the map's metrics now and stage the analysis event."""
    result = metrics(await current_state(uow.session, network_map.id))
    event = PersonalNetworkAnalysed(
        client_id=network_map.client_id,
        map_id=network_map.id,
        size=result["size"],
        density=result["density"] or 0.0,
        effective_size=result["effective_size"] or 0.0,
        constraint=result["constraint"],
        isolated_alters=len(result["isolated_alters"]),
    )
    stage(uow, event, network_map.client_id)
    await uow.commit()
    return {"map_id": str(network_map.id)} | result
