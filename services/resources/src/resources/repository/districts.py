"""District queries. Never commit."""

from collections.abc import Sequence
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Card, District, DistrictNetwork, DistrictNote


async def records(session: AsyncSession, codes: Sequence[str]) -> dict[str, District]:
    """Return the stored records of these districts."""
    rows = await session.exec(select(District).where(col(District.code).in_(codes)))
    return {row.code: row for row in rows.all()}


async def networks(session: AsyncSession, codes: Sequence[str]) -> list[DistrictNetwork]:
    """Return the networks of these districts."""
    query = select(DistrictNetwork).where(col(DistrictNetwork.district_code).in_(codes))
    return list((await session.exec(query.order_by(col(DistrictNetwork.name)))).all())


async def notes(
    session: AsyncSession, codes: Sequence[str], per_district: int
) -> list[DistrictNote]:
    """Return the latest notes of these districts."""
    query = (
        select(DistrictNote)
        .where(col(DistrictNote.district_code).in_(codes))
        .order_by(col(DistrictNote.noted_on).desc(), col(DistrictNote.created_at).desc())
    )
    found: list[DistrictNote] = []
    seen: dict[str, int] = {}
    for note in (await session.exec(query)).all():
        if seen.get(note.district_code, 0) < per_district:
            seen[note.district_code] = seen.get(note.district_code, 0) + 1
            found.append(note)
    return found


async def cards_outside(session: AsyncSession, ids: Sequence[UUID], region: str) -> set[UUID]:
    """Return which of these ids name no card of the region."""
    query = select(Card.id).where(col(Card.id).in_(ids), Card.region == region)
    return set(ids) - set((await session.exec(query)).all())
