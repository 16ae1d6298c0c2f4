"""The object kinds the network service owns, answered for the gateway's access checks.

Every map, alter, tie and snapshot is about the map's client. The client's area and who
registered the client are the plans service's to say: this service answers the client only,
so the gateway takes the area from the client's own kind rather than from a map's fields.
"""

from typing import Any
from uuid import UUID

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from network.models import Alter, NetworkMap, Snapshot, Tie
from network.repository.housing_ownership import HOUSING_KINDS
from tukiverkko_common.ownership import OwnershipRead, Resolver


def _client_resolver(kind: str, model: Any) -> Resolver:
    async def resolve(session: AsyncSession, ident: UUID) -> OwnershipRead | None:
        client = (await session.exec(select(model.client_id).where(model.id == ident))).first()
        if client is None:
            return None
        return OwnershipRead(kind=kind, id=ident, client_id=client)

    return resolve


KINDS: dict[str, Resolver] = {
    "map": _client_resolver("map", NetworkMap),
    "alter": _client_resolver("alter", Alter),
    "tie": _client_resolver("tie", Tie),
    "snapshot": _client_resolver("snapshot", Snapshot),
    **HOUSING_KINDS,
}
"""Ownership kind → resolver (session, id) → ownership or None."""
