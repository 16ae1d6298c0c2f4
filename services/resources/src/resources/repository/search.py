"""Queries of the search index: a filtered, ranked page of cards, and a need's shortlist.

Both run as one statement on either database; ranks are computed in SQL so a page and
its cursor are cut by the database, not by Python over every candidate. The statements
themselves are built in `search_sql` and `match_sql`, once per shape.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ARRAY,
    JSON,
    ColumnElement,
    Select,
    String,
    any_,
    bindparam,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.sql.elements import BindParameter

from resources.models import Card, InclusionConsent
from resources.search.query import (
    TextQuery,
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


Position = tuple[float, UUID]
"""Where a page resumes: after this rank and card id (a rank cursor's content)."""


@dataclass(frozen=True)
class SearchRows:
    """A page of hits, its order, and where the next page resumes."""

    hits: list[Any]
    """Up to `limit` rows: what a hit shows, its rank and its distance."""
    recent: bool
    """Listed most recently indexed first (rank = the document id) rather than by relevance."""
    resume: Position | None
    """The next page's cursor position, in cursor form; None on the last page."""


def has_facet(facet: str, value: str | BindParameter[Any]) -> ColumnElement[bool]:
    """Return "the card has this district / target group / competence / life area"."""
    return exists().where(
        facets.c.facet == facet, facets.c.value == value, facets.c.card_id == documents.c.card_id
    )


def available_at(weekday: Any, minute: Any) -> ColumnElement[bool]:
    """Return "the card is available on this weekday (at this minute, local time)"; None is any."""
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


def regions_listed(dialect: str) -> ColumnElement[bool]:
    """Return "the card's region is one of the bound `regions`" as one parameter (a JSON array
    on SQLite, an array on PostgreSQL), not an expanding list: the statement's SQL is then
    the same for any number of regions, compiled once and run on the driver."""
    if dialect == "postgresql":
        return documents.c.region == any_(bindparam("regions", type_=ARRAY(String)))
    listed: Select[Any] = select(literal_column("value")).select_from(
        func.json_each(bindparam("regions", type_=JSON))
    )
    return documents.c.region.in_(listed.scalar_subquery())


def in_scope(
    regions: tuple[str, ...] | ColumnElement[bool], related_to: UUID | BindParameter[Any] | None
) -> ColumnElement[bool]:
    """Return "in the caller's regions, or kept by the caller's organisation" (the scope's parts).

    The keeper is asked only of a card outside the regions (OR is evaluated in order), by the
    card's primary key: a search of one's own region reads no extra row. The regions are
    given as values or as a statement's condition (`regions_listed`); the keeper may be a
    bound parameter.
    """
    parts: list[ColumnElement[bool]] = []
    if isinstance(regions, tuple):
        if regions:
            parts.append(documents.c.region.in_(regions))
    else:
        parts.append(regions)
    if related_to is not None:
        cards = Card.__table__.c  # type: ignore[attr-defined]
        keeper = (cards.id == documents.c.card_id, cards.owner_organisation_id == related_to)
        parts.append(exists().where(*keeper))
    return or_(*parts) if parts else false()
