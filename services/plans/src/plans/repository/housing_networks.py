"""Who lives in which housing network and who coordinates it, on a given day; never commits.

One definition serves every reader: a client is assigned to a network on day D when a
residency covers D, and the network's coordinator on D is the term covering D. Realisation,
plan reads and the coordinator's lists all filter with the same `assignments_at` select, so
a coordinator change moves a client everywhere at once.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from plans.models import HousingCoordinatorTerm as Term
from plans.models import HousingResidency as Residency


@dataclass(frozen=True)
class Assignment:
    """A client's housing network and that network's coordinator on a day."""

    network_id: UUID
    worker_id: str | None
    organisation_id: UUID | None


def _covers(start: Any, end: Any, on: Any) -> ColumnElement[bool]:
    return and_(start <= on, or_(end.is_(None), end >= on))


def residents_at(on: Any) -> Any:
    """Return a select of (client_id, network_id) of residencies covering `on`."""
    return select(col(Residency.client_id), col(Residency.network_id)).where(
        _covers(col(Residency.moved_in_on), col(Residency.moved_out_on), on)
    )


def assignments_at(on: Any) -> Any:
    """Return a select of client, network, coordinator worker and organisation on `on`."""
    living = residents_at(on).subquery("living")
    return select(
        living.c.client_id, living.c.network_id, col(Term.worker_id), col(Term.organisation_id)
    ).outerjoin(
        Term,
        and_(
            col(Term.network_id) == living.c.network_id,
            _covers(col(Term.from_on), col(Term.to_on), on),
        ),
    )


def coordinated_by(worker_id: Any, on: Any) -> Any:
    """Return a select of the client ids in networks the worker coordinates on `on`."""
    a = assignments_at(on).subquery("assigned")
    return select(a.c.client_id).where(a.c.worker_id == worker_id)


def living_in(network_id: Any, on: Any) -> Any:
    """Return a select of the client ids living in the network on `on`."""
    r = residents_at(on).subquery("residents")
    return select(r.c.client_id).where(r.c.network_id == network_id)


def coordinator_filter(client: Any, legacy: Any, worker_id: Any, on: Any) -> ColumnElement[bool]:
    """Clients the worker coordinates on `on`: through a network, else by the plan's legacy value."""
    housed = residents_at(on).subquery("housed")
    return or_(
        client.in_(coordinated_by(worker_id, on)),
        and_(legacy == worker_id, client.not_in(select(housed.c.client_id))),
    )


async def assignments(
    session: AsyncSession, on: date, client_ids: list[UUID] | None = None
) -> dict[UUID, Assignment]:
    """Return each housed client's network and coordinator on `on` (optionally only some clients)."""
    query = assignments_at(on)
    if client_ids is not None:
        query = query.where(query.selected_columns.client_id.in_(client_ids))
    rows = (await session.execute(query)).all()
    return {r.client_id: Assignment(r.network_id, r.worker_id, r.organisation_id) for r in rows}


async def coordinator_history(session: AsyncSession, network_id: UUID) -> list[Term]:
    """Return the network's coordinator terms, oldest first."""
    query = select(Term).where(col(Term.network_id) == network_id).order_by(col(Term.from_on))
    return list((await session.execute(query)).scalars().all())
