"""Tie use cases: the person's ties to alters and ties between alters."""

from uuid import UUID

from sqlalchemy import and_, or_
from sqlmodel import col, select

from network.models import Alter, NetworkMap, Tie
from network.schemas.ties import TieCreate, TieUpdate
from network.service.common import map_changed, touch
from tukiverkko_common.problems import conflict, invalid
from tukiverkko_common.uow import UnitOfWork


async def _check_alter(uow: UnitOfWork, map_id: UUID, alter_id: UUID, field: str) -> None:
    found = await uow.session.get(Alter, alter_id)
    if found is None or found.map_id != map_id:
        raise invalid(field, f"is not an alter of map {map_id}")


async def _existing(uow: UnitOfWork, map_id: UUID, a: UUID | None, b: UUID) -> Tie | None:
    if a is None:
        same = and_(col(Tie.from_alter_id).is_(None), col(Tie.to_alter_id) == b)
    else:  # a tie between alters has no order: one per pair
        same = or_(
            and_(col(Tie.from_alter_id) == a, col(Tie.to_alter_id) == b),
            and_(col(Tie.from_alter_id) == b, col(Tie.to_alter_id) == a),
        )
    return (await uow.session.exec(select(Tie).where(Tie.map_id == map_id, same))).first()


async def add_tie(*, uow: UnitOfWork, network_map: NetworkMap, data: TieCreate) -> Tie:
    """Add a tie between the person (or an alter) and an alter of the same map."""
    await _check_alter(uow, network_map.id, data.to_alter_id, "to_alter_id")
    if data.from_alter_id is not None:
        if data.from_alter_id == data.to_alter_id:
            raise invalid("from_alter_id", "a tie joins two different alters")
        await _check_alter(uow, network_map.id, data.from_alter_id, "from_alter_id")
    if await _existing(uow, network_map.id, data.from_alter_id, data.to_alter_id):
        raise conflict("tie-exists", "these two already have a tie; change it instead")
    values = data.model_dump()
    values["support_types"] = list(dict.fromkeys(values["support_types"]))
    tie = Tie(map_id=network_map.id, client_id=network_map.client_id, **values)
    uow.session.add(tie)
    await map_changed(uow, network_map, "tie_added")
    await uow.commit()
    return tie


async def change_tie(*, uow: UnitOfWork, tie: Tie, data: TieUpdate) -> Tie:
    """Change a tie's strength, quality, direction, support or frequency."""
    updates = data.model_dump(exclude_unset=True)
    for field in ("strength", "quality", "direction", "support_types"):
        if field in updates and updates[field] is None:
            raise invalid(field, "may be changed but not removed")
    if "support_types" in updates:
        updates["support_types"] = list(dict.fromkeys(updates["support_types"]))
    changed = {k: v for k, v in updates.items() if getattr(tie, k) != v}
    if changed:
        for field, value in changed.items():
            setattr(tie, field, value)
        touch(tie)
        network_map = await uow.session.get(NetworkMap, tie.map_id)
        assert network_map is not None
        await map_changed(uow, network_map, "tie_changed")
    await uow.commit()
    return tie


async def remove_tie(*, uow: UnitOfWork, tie: Tie) -> None:
    """Remove a tie."""
    await uow.session.delete(tie)
    network_map = await uow.session.get(NetworkMap, tie.map_id)
    assert network_map is not None
    await map_changed(uow, network_map, "tie_removed")
    await uow.commit()
