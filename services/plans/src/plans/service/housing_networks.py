"""Housing networks learnt from the network service's events: residencies and coordinator terms.

Applied inside the inbox consumer's transaction (the consumer commits with the inbox row).
Every apply is an upsert by the producer's id, so a redelivered or replayed event changes
nothing; events of one network arrive in order (keyed by the network).
"""

from datetime import timedelta

from sqlmodel import col, select

from plans.models import HousingCoordinatorTerm, HousingResidency
from plans.service.common import touch
from tukiverkko_common.contracts.housing import (
    CoordinatorAssigned,
    ResidentMovedIn,
    ResidentMovedOut,
)
from tukiverkko_common.uow import UnitOfWork


async def assign_coordinator(*, uow: UnitOfWork, event: CoordinatorAssigned) -> None:
    """Record the coordinator's term and end the open terms that started before it."""
    session = uow.session
    term = await session.get(HousingCoordinatorTerm, event.assignment_id)
    if term is None:
        term = HousingCoordinatorTerm(
            id=event.assignment_id,
            network_id=event.network_id,
            worker_id=event.worker_id,
            organisation_id=event.organisation_id,
            from_on=event.from_on,
        )
        session.add(term)
    term.worker_id, term.organisation_id = event.worker_id, event.organisation_id
    term.from_on, term.to_on = event.from_on, event.to_on
    touch(term)
    earlier = await session.exec(
        select(HousingCoordinatorTerm).where(
            HousingCoordinatorTerm.network_id == event.network_id,
            HousingCoordinatorTerm.id != event.assignment_id,
            HousingCoordinatorTerm.from_on < event.from_on,
        )
    )
    day_before = event.from_on - timedelta(days=1)
    for previous in earlier.all():
        if previous.to_on is None or previous.to_on > day_before:
            previous.to_on = day_before
            touch(previous)


async def _residency(
    uow: UnitOfWork, event: ResidentMovedIn | ResidentMovedOut
) -> HousingResidency:
    found = await uow.session.get(HousingResidency, event.residency_id)
    if found is None:
        found = HousingResidency(
            id=event.residency_id,
            network_id=event.network_id,
            client_id=event.client_id,
            moved_in_on=event.moved_in_on,
        )
        uow.session.add(found)
    return found


async def move_in(*, uow: UnitOfWork, event: ResidentMovedIn) -> None:
    """Record that the client lives in the network from the move-in date."""
    residency = await _residency(uow, event)
    residency.moved_in_on, residency.moved_out_on = event.moved_in_on, event.moved_out_on
    touch(residency)


async def move_out(*, uow: UnitOfWork, event: ResidentMovedOut) -> None:
    """Record the residency's last day."""
    residency = await _residency(uow, event)
    residency.moved_out_on = event.moved_out_on
    touch(residency)


async def client_residencies(*, uow: UnitOfWork, client_id: object) -> list[HousingResidency]:
    """Return a client's residencies, newest first."""
    found = await uow.session.exec(
        select(HousingResidency)
        .where(HousingResidency.client_id == client_id)
        .order_by(col(HousingResidency.moved_in_on).desc())
    )
    return list(found.all())
