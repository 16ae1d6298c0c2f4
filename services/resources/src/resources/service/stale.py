"""Keeping the resource file current ("care for your network"): stale lists and the stale event loop."""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from resources.config import ResourcesSettings
from resources.models import Card
from resources.repository import stale as repository
from resources.schemas.stale import StaleCardRead
from resources.service.events import stage_stale
from resources.service.views import read_cards
from tukiverkko_common.clock import utcnow
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.runtime import BackgroundLoop, Runtime
from tukiverkko_common.uow import UnitOfWork

log = logging.getLogger(__name__)
BATCH = 200
RETRY_SECONDS = 30.0


def ages(card: Card, now: datetime) -> tuple[int, int | None]:
    """Return (days unchanged, days since the last contact or None when never contacted)."""
    unchanged = (now - card.updated_at).days
    contacted = (now.date() - card.last_contact_on).days if card.last_contact_on else None
    return unchanged, contacted


async def stale_list(
    *,
    session: AsyncSession,
    settings: ResourcesSettings,
    scope: AccessScope | None,
    responsible: str | None,
    limit: int,
) -> list[StaleCardRead]:
    """Return the stale cards of a responsible person (or of the caller's region)."""
    now = utcnow()
    regions = list(scope.regions) if scope is not None else None
    cards = await repository.stale_cards(
        session, settings, now, regions=regions, responsible=responsible, limit=limit
    )
    reads = await read_cards(session, cards)
    return [
        StaleCardRead(
            card=read, unchanged_days=ages(card, now)[0], uncontacted_days=ages(card, now)[1]
        )
        for card, read in zip(cards, reads, strict=True)
    ]


async def announce_stale(
    uow_factory: Callable[[], UnitOfWork], settings: ResourcesSettings, now: datetime
) -> int:
    """Raise card.stale once per staleness period for each stale card; return how many."""
    async with uow_factory() as uow:
        cards = await repository.due_for_notice(uow.session, settings, now, BATCH)
        for card in cards:
            unchanged, uncontacted = ages(card, now)
            stage_stale(uow, card, unchanged, uncontacted)
            card.stale_notified_at = now  # not a change of the card: updated_at stays
            uow.session.add(card)
        await uow.commit()
    return len(cards)


async def stale_loop(uow_factory: Callable[[], UnitOfWork], settings: ResourcesSettings) -> None:
    """Look for stale cards once an interval until cancelled; a failure is retried sooner."""
    while True:
        delay = settings.stale_sweep_seconds
        try:
            while await announce_stale(uow_factory, settings, utcnow()) == BATCH:
                pass
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("announcing stale cards failed, retrying: %s", type(exc).__name__)
            delay = min(delay, RETRY_SECONDS)
        await asyncio.sleep(delay)


def stale_cards_loop() -> BackgroundLoop:
    """Return the loop as the service declares it (run wherever the service's workers run)."""

    async def run(runtime: Runtime) -> None:
        await stale_loop(runtime.uow, runtime.settings)  # type: ignore[arg-type]

    return BackgroundLoop("StaleCards", run)
