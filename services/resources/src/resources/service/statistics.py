"""Statistics of the resource file: counts only, suppressed cards included, never a person's data."""

from collections import Counter

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Card
from resources.schemas.stale import CountRow, StatisticsRead
from tukiverkko_common.ownership import AccessScope


async def statistics(*, session: AsyncSession, scope: AccessScope | None) -> StatisticsRead:
    """Return the counts of the caller's region (every region for an internal call)."""
    query = select(Card.card_type, Card.status, Card.districts)
    if scope is not None:
        query = query.where(col(Card.region).in_(scope.regions))
    rows: Counter[tuple[str, str, str | None]] = Counter()
    by_type: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    by_district: Counter[str] = Counter()
    for card_type, status, districts in (await session.exec(query)).all():
        by_type[card_type] += 1
        by_status[status] += 1
        for district in districts or [None]:
            rows[(card_type, status, district)] += 1
            if district:
                by_district[district] += 1
    return StatisticsRead(
        total=sum(by_type.values()),
        by_type=dict(by_type),
        by_status=dict(by_status),
        by_district=dict(by_district),
        rows=[
            CountRow(card_type=t, status=s, district=d, count=n)
            for (t, s, d), n in sorted(rows.items(), key=lambda kv: tuple(map(str, kv[0])))
        ],
    )
