"""Any card: read, list, archive, activity log, contributions."""

from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Activity, Card, Contribution
from resources.repository import cards as repository
from resources.schemas.activities import (
    ActivityCreate,
    ActivityRead,
    ContributionCreate,
    ContributionRead,
)
from resources.schemas.cards import CardRead
from resources.service.citizens import require_in_force
from resources.service.common import editable, existing_card, save
from resources.service.consent_gate import subjects_in_force
from resources.service.events import stage_card_event
from resources.service.indexing import unindex
from resources.service.views import personal_state, read_cards
from tukiverkko_common.clock import utcnow
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.paging import PageParams, encode_cursor
from tukiverkko_common.problems import invalid
from tukiverkko_common.uow import UnitOfWork


async def card_page(
    *,
    session: AsyncSession,
    scope: AccessScope | None,
    card_type: str | None,
    district: str | None,
    status: str | None,
    params: PageParams,
) -> tuple[list[CardRead], str | None]:
    """Return a page of cards the caller's scope covers (no region in a scope: nothing)."""
    regions = list(scope.regions) if scope is not None else None
    rows = await repository.card_page(
        session, regions=regions, card_type=card_type, district=district, status=status,
        params=params,
    )  # fmt: skip
    cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        cursor = encode_cursor(rows[-1].updated_at, rows[-1].id)
    return await read_cards(session, rows), cursor


async def archive_card(*, uow: UnitOfWork, card_id: UUID) -> Card:
    """Take a card out of the resource file (kept for history and statistics); again: a no-op."""
    card = await existing_card(uow.session, card_id)
    if card.status == "archived":
        return card
    card.status, card.archived_at, card.updated_at = "archived", utcnow(), utcnow()
    uow.session.add(card)
    stage_card_event(uow, "archived", card)
    await unindex(uow.session, card.id)
    await uow.commit()
    return card


async def log_activity(*, uow: UnitOfWork, card_id: UUID, data: ActivityCreate) -> Activity:
    """Add an entry to a card's activity log; the card's last contact follows its latest date."""
    card = editable(await existing_card(uow.session, card_id))
    await require_in_force(uow, card)
    if data.occurred_on > utcnow().date():
        raise invalid("occurred_on", "must not be in the future")
    entry = Activity(card_id=card.id, **data.model_dump())
    uow.session.add(entry)
    if card.last_contact_on is None or data.occurred_on > card.last_contact_on:
        card.last_contact_on = data.occurred_on
    card.stale_notified_at = None
    await save(uow, card, "updated")
    return entry


async def activities(*, session: AsyncSession, card_id: UUID) -> list[ActivityRead]:
    """Return a card's activity log, newest first; a person's free text only while in force."""
    card = await existing_card(session, card_id)
    query = (
        select(Activity)
        .where(Activity.card_id == card_id)
        .order_by(col(Activity.occurred_on).desc(), col(Activity.created_at).desc())
    )
    shown = personal_state(card, await _in_force(session, card)) in ("none", "present")
    return [
        ActivityRead.model_validate(a, from_attributes=True).model_copy(
            update={} if shown else {"what": None, "outcome": None}
        )
        for a in (await session.exec(query)).all()
    ]


async def _in_force(session: AsyncSession, card: Card) -> set[UUID]:
    if card.subject_id is None:
        return set()
    return await subjects_in_force(session, {card.subject_id}, utcnow())


async def add_contribution(
    *, uow: UnitOfWork, card_id: UUID, data: ContributionCreate
) -> Contribution:
    """Record a contribution a citizen gave."""
    card = editable(await existing_card(uow.session, card_id, "citizen"))
    await require_in_force(uow, card)
    entry = Contribution(card_id=card.id, **data.model_dump())
    uow.session.add(entry)
    await save(uow, card, "updated")
    return entry


async def contributions(*, session: AsyncSession, card_id: UUID) -> list[ContributionRead]:
    """Return a citizen's contributions, newest first; what they were for only while in force."""
    card = await existing_card(session, card_id, "citizen")
    query = (
        select(Contribution)
        .where(Contribution.card_id == card_id)
        .order_by(col(Contribution.given_on).desc())
    )
    shown = personal_state(card, await _in_force(session, card)) == "present"
    return [
        ContributionRead.model_validate(c, from_attributes=True).model_copy(
            update={} if shown else {"to_what": None}
        )
        for c in (await session.exec(query)).all()
    ]
