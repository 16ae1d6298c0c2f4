"""Background expiry: consents whose validity ended are marked expired and ConsentExpired is published.

Declared in the service's spec, so it runs in whichever process runs the workers. Safe with
several: the conditional UPDATE lets exactly one process expire a given consent, and the
event is staged in that transaction.
"""

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from consent.config import ConsentSettings
from consent.repository import consents as repository
from consent.service import consents as service
from tukiverkko_common.clock import utcnow
from tukiverkko_common.uow import UnitOfWork

log = logging.getLogger(__name__)


class ExpirySweeper:
    """Periodically expire ended consents; nobody has to call the API for it."""

    def __init__(
        self,
        *,
        engine: AsyncEngine,
        uow_factory: Callable[[], UnitOfWork],
        settings: ConsentSettings,
    ) -> None:
        self._engine = engine
        self._uow_factory = uow_factory
        self._settings = settings

    async def run(self) -> None:
        """Sweep until cancelled; a failed sweep is logged and retried at the next interval."""
        while True:
            await asyncio.sleep(self._settings.expiry_sweep_seconds)
            try:
                await self.sweep()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("expiry sweep failed: %s", type(exc).__name__)

    async def sweep(self) -> int:
        """Expire everything due now, one transaction per batch; return how many expired."""
        total = 0
        while True:
            now = utcnow()
            if not await repository.any_due(self._engine, now):
                return total
            async with self._uow_factory() as uow:
                expired = await service.expire_due_consents(
                    uow=uow, now=now, limit=self._settings.expiry_batch_size
                )
            total += expired
            if expired:
                log.info("consents expired", extra={"count": expired})
            if expired < self._settings.expiry_batch_size:
                return total
