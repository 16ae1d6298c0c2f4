"""Erasure driven by other services: a consent withdrawn or expired, a resource card gone.

These are the only changes a snapshot ever takes: identifying details leave the live map and
every snapshot of it, while the node itself stays, anonymous, so comparisons still add up.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from sqlmodel import col, select

from network.models import Alter, AlterReference, NetworkMap, Snapshot
from network.service.common import map_changed, touch
from tukiverkko_common.uow import UnitOfWork

ANONYMOUS = {"label": None, "label_consent_id": None, "label_subject_id": None}


async def erase_consented_labels(*, uow: UnitOfWork, consent_id: UUID) -> None:
    """Remove labels that rested on this consent from maps and snapshots."""
    await _erase(uow, "consent", consent_id, lambda a: _same(a.get("label_consent_id"), consent_id))


async def unlink_card(*, uow: UnitOfWork, card_id: UUID) -> None:
    """Unlink alters from a suppressed or archived card; the node stays, anonymous."""
    await _erase(uow, "card", card_id, lambda a: _same(a.get("resource_card_id"), card_id))


def _same(value: Any, ident: UUID) -> bool:
    return value is not None and str(value) == str(ident)


async def _erase(
    uow: UnitOfWork, ref_kind: str, ref_id: UUID, matches: Callable[[dict[str, Any]], bool]
) -> None:
    query = select(AlterReference.map_id).where(
        AlterReference.ref_kind == ref_kind, AlterReference.ref_id == ref_id
    )
    map_ids = set((await uow.session.exec(query)).all())
    for map_id in sorted(map_ids):
        await _erase_in_map(uow, map_id, matches)
    await uow.commit()


async def _erase_in_map(
    uow: UnitOfWork, map_id: UUID, matches: Callable[[dict[str, Any]], bool]
) -> None:
    network_map = await uow.session.get(NetworkMap, map_id)
    if network_map is None:
        return
    alters = (await uow.session.exec(select(Alter).where(Alter.map_id == map_id))).all()
    changed = False
    for alter in alters:
        if matches(alter.model_dump()):
            alter.label, alter.label_consent_id, alter.label_subject_id = None, None, None
            alter.resource_card_id = None
            touch(alter)
            uow.session.add(alter)
            changed = True
    snapshots = await uow.session.exec(select(Snapshot).where(col(Snapshot.map_id) == map_id))
    for snapshot in snapshots.all():
        if any(matches(a) for a in snapshot.alters):
            snapshot.alters = [_anonymous(a) if matches(a) else a for a in snapshot.alters]
            touch(snapshot)
            uow.session.add(snapshot)
    if changed:
        await map_changed(uow, network_map, "alter_anonymised")


def _anonymous(alter: dict[str, Any]) -> dict[str, Any]:
    return alter | ANONYMOUS | {"resource_card_id": None}
