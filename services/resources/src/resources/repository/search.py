"""Queries of the search index: a filtered, ranked page of cards, and a need's shortlist.

Both run as one statement on either database; ranks are computed in SQL so a page and
its cursor are cut by the database, not by Python over every candidate.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    exists,
    false,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import BindParameter

from resources.models import Card, InclusionConsent
from resources.search.query import (
    TextQuery,
    bounding_box,
    fts5_match,
    fts5_ranked,
    haversine_km,
    pg_match_and_rank,
)
from resources.search.tables import availability, documents, facets
from resources.service.consent_gate import in_force
from tukiverkko_common.clock import utcnow

RESULT_COLUMNS = (
    documents.c.card_id,
    documents.c.card_type,
    documents.c.region,
    documents.c.sector,
    documents.c.title_fi,
    documents.c.title_sv,
    documents.c.districts,
    documents.c.competences,
    documents.c.updated_at,
)


@dataclass(frozen=True)
class Near:
    """A point and an optional radius."""

    latitude: float
    longitude: float
    within_km: float | None


@dataclass(frozen=True)
class SearchFilters:
    """What a search asks for; None/empty means "any"."""

    text: TextQuery | None = None
    card_type: str | None = None
    district: str | None = None
    sector: str | None = None
    target_group: str | None = None
    competence: str | None = None
    weekday: int | None = None
    at_minute: int | None = None
    near: Near | None = None
    regions: tuple[str, ...] | None = None
    """The caller's regions (from the gateway's scope); None for an internal, unscoped call."""
    related_to: UUID | None = None
    """The caller's organisation (from the scope): the cards it keeps, in any region."""


def has_facet(facet: str, value: str | BindParameter[Any]) -> ColumnElement[bool]:
    """Return "the card has this district / target group / competence / life area"."""
    return exists().where(
        facets.c.facet == facet, facets.c.value == value, facets.c.card_id == documents.c.card_id
    )


def available_at(weekday: int | None, minute: int | None) -> ColumnElement[bool]:
    """Return "the card is available on this weekday (at this minute, local time)"."""
    conditions = [availability.c.card_id == documents.c.card_id]
    if weekday is not None:
        conditions.append(availability.c.weekday == weekday)
    if minute is not None:
        conditions += [availability.c.start_minute <= minute, availability.c.end_minute > minute]
    return exists().where(*conditions)


def consented_now(now: datetime | BindParameter[Any] | None = None) -> ColumnElement[bool]:
    """Return "not about a person, or the person's inclusion consent is in force now".

    The index drops a person's text when the consent event is handled (a withdrawal changes
    the mirror and erases the card in one transaction); an expiry has no event at its
    instant, so until its event this keeps the card out of every answer. `now` may be a bound
    parameter of a statement built once (matching).
    """
    mirror = InclusionConsent.__table__.c  # type: ignore[attr-defined]
    now = utcnow() if now is None else now
    # Most cards pass on their own row: not about a person, or a consent with no end or an
    # end still ahead; only a card past its recorded end asks the mirror (a renewal).
    return or_(
        documents.c.subject_id.is_(None),
        documents.c.consent_until.is_(None),
        documents.c.consent_until > now,
        exists().where(mirror.subject_id == documents.c.subject_id, in_force(now)),
    )


def in_scope(
    regions: tuple[str, ...] | BindParameter[Any], related_to: UUID | BindParameter[Any] | None
) -> ColumnElement[bool]:
    """Return "in the caller's regions, or kept by the caller's organisation" (the scope's parts).

    The keeper is asked only of a card outside the regions (OR is evaluated in order), by the
    card's primary key: a search of one's own region reads no extra row. Either part may be
    a bound parameter (an expanding one for the regions).
    """
    parts: list[ColumnElement[bool]] = []
    if not (isinstance(regions, tuple) and not regions):
        parts.append(documents.c.region.in_(regions))
    if related_to is not None:
        cards = Card.__table__.c  # type: ignore[attr-defined]
        keeper = (cards.id == documents.c.card_id, cards.owner_organisation_id == related_to)
        parts.append(exists().where(*keeper))
    return or_(*parts) if parts else false()


def filter_conditions(filters: SearchFilters) -> list[ColumnElement[bool]]:
    """Return the WHERE conditions of every filter except the text and the distance."""
    d = documents.c
    found: list[ColumnElement[bool]] = [consented_now()]
    if filters.regions is not None:
        found.append(in_scope(filters.regions, filters.related_to))
    if filters.card_type:
        found.append(d.card_type == filters.card_type)
    if filters.sector:
        found.append(d.sector == filters.sector)
    for facet, value in (
        ("district", filters.district),
        ("target_group", filters.target_group),
        ("competence", filters.competence),
    ):
        if value:
            found.append(has_facet(facet, value))
    if filters.weekday is not None or filters.at_minute is not None:
        found.append(available_at(filters.weekday, filters.at_minute))
    return found


def distance_terms(near: Near) -> tuple[ColumnElement[float], list[ColumnElement[bool]]]:
    """Return the distance column and, with a radius, the box prefilter and the exact check."""
    distance = haversine_km(
        documents.c.latitude, documents.c.longitude, near.latitude, near.longitude
    )
    if near.within_km is None:
        return distance, []
    low_lat, high_lat, low_lon, high_lon = bounding_box(
        near.latitude, near.longitude, near.within_km
    )
    return distance, [
        documents.c.latitude.between(low_lat, high_lat),
        documents.c.longitude.between(low_lon, high_lon),
        distance <= near.within_km,
    ]


def text_rank(
    dialect: str, text: TextQuery, conditions: list[ColumnElement[bool]]
) -> tuple[Any, ColumnElement[float]]:
    """Return the FROM source and the rank of a text search (adding PostgreSQL's match)."""
    if dialect == "sqlite":
        ranked = (
            fts5_ranked()
            .bindparams(match=fts5_match(text))
            .columns(doc_id=Integer, rank=Float)
            .subquery("ranked")
        )
        return documents.join(ranked, ranked.c.doc_id == documents.c.id), ranked.c.rank
    match, rank = pg_match_and_rank(text)
    conditions.append(match)
    return documents, rank


def search_statement(
    dialect: str, filters: SearchFilters, limit: int, after: tuple[float, UUID] | None
) -> Select[Any]:
    """Return the page query: rank (larger first), then card id, limit+1 rows.

    The page is cut over narrow rows (id, rank, distance) and only its rows are joined back
    for what a hit shows: sorting thousands of text matches stays cheap. Without a rank
    the order is the card id alone, which the database walks in its unique index and stops
    at the page's end.
    """
    conditions = filter_conditions(filters)
    source: Any = documents
    rank: ColumnElement[float] = literal(0.0, Float)
    ranked = False
    if filters.text is not None and not filters.text.empty:
        source, rank = text_rank(dialect, filters.text, conditions)
        ranked = True
    distance: ColumnElement[Any] = literal(None, Float)
    if filters.near is not None:
        distance, within = distance_terms(filters.near)
        conditions += within
        if not ranked:
            # Nearest first when nothing else ranks; a card without a place has no distance
            # to order by (and NULLs sort differently on the two databases).
            rank, ranked = -distance, True
            conditions += [documents.c.latitude.is_not(None), documents.c.longitude.is_not(None)]
    card_id = documents.c.card_id
    if after is not None:
        score, last = after
        conditions.append(
            or_(rank < score, and_(rank == score, card_id > last)) if ranked else card_id > last
        )
    page = (
        select(documents.c.id.label("doc_id"), rank.label("rank"), distance.label("distance_km"))
        .select_from(source)
        .where(*conditions)
        .order_by(*((rank.desc(), card_id) if ranked else (card_id,)))
        .limit(limit + 1)
        .subquery("page")
    )
    return (
        select(*RESULT_COLUMNS, page.c.rank, page.c.distance_km)
        .join_from(documents, page, documents.c.id == page.c.doc_id)
        .order_by(page.c.rank.desc(), documents.c.card_id)
    )


async def search_page(
    session: AsyncSession, filters: SearchFilters, limit: int, after: tuple[float, UUID] | None
) -> list[Any]:
    """Return up to limit+1 hits after the cursor position."""
    dialect = (await session.connection()).dialect.name
    return list((await session.execute(search_statement(dialect, filters, limit, after))).all())
