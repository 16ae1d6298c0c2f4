"""Index maintenance: the card service calls these in the card's own unit of work.

A card is re-indexed whole (its old rows dropped, the new ones written), so an archived
card, or one whose holder's personal data was erased, is gone from every search and
match in the same transaction that changed the card: there is no window in which the old
name can still be found. Nothing here commits.
"""

from uuid import UUID

from sqlalchemy import delete, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from resources.models import Card, InclusionConsent
from resources.search.document import SearchDocument
from resources.search.tables import availability, district_windows, documents, facets
from resources.search.text import stemmed
from resources.service.consent_gate import in_force
from tukiverkko_common.clock import utcnow


async def index_card(session: AsyncSession, doc_or_card_id: SearchDocument | UUID) -> None:
    """Put a card's document in the index, replacing any earlier one; a bare id drops it."""
    if isinstance(doc_or_card_id, UUID):
        await remove_card(session, doc_or_card_id)
        return
    doc = doc_or_card_id
    await remove_card(session, doc.card_id)
    row = _row(doc) | await consent_of(session, doc.card_id)
    doc_id = (
        await session.execute(insert(documents).values(**row).returning(documents.c.id))
    ).scalar_one()
    if await _is_sqlite(session):
        await session.execute(
            text(
                "INSERT INTO search_text (rowid, title_fi, text_fi, title_sv, text_sv, keys) "
                "VALUES (:rowid, :title_fi, :text_fi, :title_sv, :text_sv, :keys)"
            ),
            fts_row(doc, doc_id),
        )
    if facet_rows := facet_rows_of(doc):
        await session.execute(insert(facets), facet_rows)
    if hours := availability_rows_of(doc):
        await session.execute(insert(availability), hours)
    if served := district_window_rows_of(doc):
        await session.execute(insert(district_windows), served)
    if not await _is_sqlite(session):
        keys = text(FACET_KEYS_SQL.format(only="AND card_id = :card_id"))
        await session.execute(keys, {"card_id": doc.card_id})


async def remove_card(session: AsyncSession, card_id: UUID) -> None:
    """Drop a card from the index (archived, erased, or about to be re-indexed)."""
    found = (
        await session.execute(select(documents.c.id).where(documents.c.card_id == card_id))
    ).scalar_one_or_none()
    if found is None:
        return
    if await _is_sqlite(session):
        await session.execute(
            text("DELETE FROM search_text WHERE rowid = :rowid"), {"rowid": found}
        )
    await session.execute(delete(facets).where(facets.c.card_id == card_id))
    await session.execute(delete(availability).where(availability.c.card_id == card_id))
    await session.execute(delete(district_windows).where(district_windows.c.card_id == card_id))
    await session.execute(delete(documents).where(documents.c.id == found))


async def consent_of(session: AsyncSession, card_id: UUID) -> dict[str, object]:
    """Return the card's consent subject and the end of their inclusion consent in force.

    The end is null when a consent in force has none (or the card is not about a person);
    a person with no consent in force gets "now", so the query-time check asks the mirror.
    """
    cards = Card.__table__.c  # type: ignore[attr-defined]
    query = select(cards.subject_id).where(cards.id == card_id)
    subject: UUID | None = (await session.execute(query)).scalar_one_or_none()
    if subject is None:
        return {"subject_id": None, "consent_until": None}
    now = utcnow()
    mirror = InclusionConsent.__table__.c  # type: ignore[attr-defined]
    ends = list(
        (
            await session.execute(
                select(mirror.valid_until).where(mirror.subject_id == subject, in_force(now))
            )
        ).scalars()
    )
    until = None if ends and None in ends else max(ends, default=now)
    return {"subject_id": subject, "consent_until": until}


FACET_KEYS_SQL = """UPDATE search_documents AS d SET facet_keys = k.keys FROM (
    SELECT card_id, array_agg(DISTINCT key) AS keys FROM (
        SELECT card_id, facet || ':' || value AS key FROM search_facets
        WHERE facet IN ('district', 'target_group', 'competence') {only}
        UNION ALL
        SELECT card_id, 'at:' || weekday || ':' || h FROM search_availability,
            generate_series(start_minute / 60, (end_minute - 1) / 60) AS h
        WHERE true {only}
    ) AS listed GROUP BY card_id
) AS k WHERE d.card_id = k.card_id"""
"""PostgreSQL only (migration 0004): a document's filter values as one GIN-indexed array, so a
search with words and filters intersects two indexes instead of joining tables: each
district, target group and competence as "facet:value", and each hour a window touches as
"at:weekday:hour" (a necessary condition of "available at"; the exact check follows). Set
by joins, not per row: `{only}` is empty for every card or narrows to one card (index_card).
A card with neither keeps its empty array."""


def fts_row(doc: SearchDocument, doc_id: int) -> dict[str, object]:
    """Return the document's SQLite text-index row (migration 0006): its stems per column, and
    its filter keys as FACET_KEYS_SQL makes them for PostgreSQL, one term each."""
    return {
        "rowid": doc_id,
        "title_fi": stemmed(doc.title_fi, "fi"),
        "text_fi": stemmed(doc.text_fi, "fi"),
        "title_sv": stemmed(doc.title_sv, "sv"),
        "text_sv": stemmed(doc.text_sv, "sv"),
        "keys": " ".join(facet_keys_of_document(doc)),
    }


def facet_keys_of_document(doc: SearchDocument) -> list[str]:
    """Return a document's filter keys: "facet:value" for each district, target group and
    competence, "at:weekday:hour" for each hour a window touches."""
    keys = [
        f"{row['facet']}:{row['value']}"
        for row in facet_rows_of(doc)
        if row["facet"] in ("district", "target_group", "competence")
    ]
    for weekday, start, end in doc.availability:
        hours = range(minutes(start) // 60, (minutes(end) - 1) // 60 + 1)
        keys += [f"at:{weekday}:{hour}" for hour in hours]
    return list(dict.fromkeys(keys))


async def _is_sqlite(session: AsyncSession) -> bool:
    return (await session.connection()).dialect.name == "sqlite"


def _row(doc: SearchDocument) -> dict[str, object]:
    return {
        "card_id": doc.card_id,
        "card_type": doc.card_type,
        "region": doc.region,
        "sector": doc.sector,
        "title_fi": doc.title_fi,
        "title_sv": doc.title_sv,
        "text_fi": doc.text_fi,
        "text_sv": doc.text_sv,
        "districts": list(doc.districts),
        "competences": list(doc.competences),
        "latitude": doc.latitude,
        "longitude": doc.longitude,
        "holder_card_id": doc.holder_card_id,
        "updated_at": doc.updated_at,
    }


def district_life_area(district: str, life_area: str) -> str:
    """Return the value of the pair facet: a need's district and life area in one index key."""
    return f"{district}|{life_area}"


def facet_rows_of(doc: SearchDocument) -> list[dict[str, object]]:
    """Return one (facet, value, card) row per district, target group, competence, life area,
    and per (district, life area) pair: matching reads a need's pair in one index range."""
    values = {
        "district": doc.districts,
        "target_group": doc.target_groups,
        "competence": doc.competences,
        "life_area": doc.life_areas,
        "district_life_area": tuple(
            district_life_area(d, a) for d in doc.districts for a in doc.life_areas
        ),
    }
    return [
        {"facet": facet, "value": value, "card_id": doc.card_id}
        for facet, listed in values.items()
        for value in dict.fromkeys(listed)
    ]


def minutes(clock: str) -> int:
    """Return minutes since midnight of "HH:MM" ("24:00" is the end of the day)."""
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def availability_rows_of(doc: SearchDocument) -> list[dict[str, object]]:
    """Return one row per (weekday, start) window, local Helsinki wall-clock minutes."""
    rows: dict[tuple[int, int], dict[str, object]] = {}
    for weekday, start, end in doc.availability:
        begin = minutes(start)
        rows[(weekday, begin)] = {
            "card_id": doc.card_id,
            "weekday": weekday,
            "start_minute": begin,
            "end_minute": minutes(end),
        }
    return list(rows.values())


def district_window_rows_of(doc: SearchDocument) -> list[dict[str, object]]:
    """Return each window once per (district, life area) pair the card serves (matching's
    first circle reads a need's pair and weekday window from one index range)."""
    pairs = dict.fromkeys(district_life_area(d, a) for d in doc.districts for a in doc.life_areas)
    return [
        {"district_life_area": pair} | hours
        for pair in pairs
        for hours in availability_rows_of(doc)
    ]
