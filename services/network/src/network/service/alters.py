"""Alter use cases: add, change, remove someone in the person's network."""

from typing import Any

from sqlalchemy import delete, func, or_
from sqlmodel import col, select

from network.config import NetworkSettings
from network.models import Alter, AlterReference, NetworkMap, Tie
from network.schemas.alters import AlterCreate, AlterUpdate
from network.service.common import map_changed, touch
from tukiverkko_common.problems import conflict, invalid
from tukiverkko_common.uow import UnitOfWork


def _check_label(values: dict[str, Any]) -> None:
    # Free text can name someone: it needs the named person's consent, recorded by id.
    if values.get("label") is not None and values.get("label_consent_id") is None:
        raise invalid("label", "needs label_consent_id: name nobody without their consent")
    if values.get("label") is None and values.get("label_consent_id") is not None:
        raise invalid("label_consent_id", "is only kept with a label")


def _references(alter: Alter) -> list[AlterReference]:
    refs = []
    if alter.label_consent_id is not None:
        refs.append(
            AlterReference(ref_kind="consent", ref_id=alter.label_consent_id, map_id=alter.map_id)
        )
    if alter.resource_card_id is not None:
        refs.append(
            AlterReference(ref_kind="card", ref_id=alter.resource_card_id, map_id=alter.map_id)
        )
    return refs


async def add_alter(
    *, uow: UnitOfWork, network_map: NetworkMap, data: AlterCreate, settings: NetworkSettings
) -> Alter:
    """Add an alter to a map."""
    _check_label(data.model_dump())
    query = select(func.count()).select_from(Alter).where(Alter.map_id == network_map.id)
    if (await uow.session.exec(query)).one() >= settings.max_alters_per_map:
        raise conflict("map-full", f"a map holds at most {settings.max_alters_per_map} alters")
    alter = Alter(map_id=network_map.id, client_id=network_map.client_id, **data.model_dump())
    uow.session.add(alter)
    uow.session.add_all(_references(alter))
    await map_changed(uow, network_map, "alter_added")
    await uow.commit()
    return alter


async def change_alter(*, uow: UnitOfWork, alter: Alter, data: AlterUpdate) -> Alter:
    """Change an alter's description, card link or consented label."""
    updates = data.model_dump(exclude_unset=True)
    for field in ("kind", "sector", "role"):
        if field in updates and updates[field] is None:
            raise invalid(field, "may be changed but not removed")
    merged = alter.model_dump() | updates
    _check_label(merged)
    changed = {k: v for k, v in updates.items() if getattr(alter, k) != v}
    if changed:
        for field, value in changed.items():
            setattr(alter, field, value)
        touch(alter)
        uow.session.add_all(_references(alter))
        network_map = await uow.session.get(NetworkMap, alter.map_id)
        assert network_map is not None
        await map_changed(uow, network_map, "alter_changed")
    await uow.commit()
    return alter


async def remove_alter(*, uow: UnitOfWork, alter: Alter) -> None:
    """Remove an alter and every tie it has."""
    touching = or_(col(Tie.from_alter_id) == alter.id, col(Tie.to_alter_id) == alter.id)
    await uow.session.execute(delete(Tie).where(touching))
    await uow.session.delete(alter)
    network_map = await uow.session.get(NetworkMap, alter.map_id)
    assert network_map is not None
    await map_changed(uow, network_map, "alter_removed")
    await uow.commit()
