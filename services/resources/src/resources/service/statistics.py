"""Statistics of the resource file: counts only, suppressed cards included, never a person's data.

Counted by the database (two GROUP BY queries), so the answer costs a few rows to read
whatever the size of the region's file.
"""

from typing import Any

from sqlalchemy import func, select, true
from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Card
from resources.schemas.stale import CountRow, StatisticsRead
from tukiverkko_common.ownership import AccessScope

CARDS = Card.__table__.c  # type: ignore[attr-defined]


def _districts(dialect: str) -> Any:
    """Return the card's districts as rows (a JSON array unnested), a column named `value`."""
    unnest = func.json_each if dialect == "sqlite" else func.json_array_elements_text
    return unnest(CARDS.districts).table_valued("value").alias("district")


async def statistics(*, session: AsyncSession, scope: AccessScope | None) -> StatisticsRead:
    """Return the counts of the caller's region (every region for an internal call)."""
    where = [] if scope is None else [CARDS.region.in_(scope.regions)]
    kinds = (
        select(CARDS.card_type, CARDS.status, func.count())
        .where(*where)
        .group_by(CARDS.card_type, CARDS.status)
    )
    district = _districts((await session.connection()).dialect.name)
    per_district = (
        select(CARDS.card_type, CARDS.status, district.c.value, func.count())
        .select_from(Card.__table__)  # type: ignore[attr-defined]
        .outerjoin(district, true())
        .where(*where)
        .group_by(CARDS.card_type, CARDS.status, district.c.value)
    )
    by_type: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for card_type, status, count in (await session.execute(kinds)).all():
        by_type[card_type] = by_type.get(card_type, 0) + count
        by_status[status] = by_status.get(status, 0) + count
    rows = [tuple(row) for row in (await session.execute(per_district)).all()]
    by_district: dict[str, int] = {}
    for _, _, name, count in rows:
        if name:
            by_district[name] = by_district.get(name, 0) + count
    return StatisticsRead(
        total=sum(by_type.values()),
        by_type=by_type,
        by_status=by_status,
        by_district=by_district,
        rows=[
            CountRow(card_type=t, status=s, district=d, count=n)
            for t, s, d, n in sorted(rows, key=lambda row: tuple(map(str, row[:3])))
        ],
    )
