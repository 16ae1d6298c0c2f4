"""Closing last month and escalating overdue tasks automatically: a declared loop, run beside the relay by whichever process
runs the plans workers (the API process by default, `python -m plans.worker` when split).

From day `auto_close_after_day` of a month (Helsinki), the previous month is closed once
(see service/realisation.py). Replicas may race; the unique shortfall row per client and
month makes the loser's transaction roll back, so no event is raised twice.
"""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from plans.config import PlansSettings
from plans.models import ClosedMonth
from plans.repository.realisation import Month
from plans.schemas.realisation import MonthClosed
from plans.service.escalation import escalate_overdue
from plans.service.realisation import close_month
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.runtime import BackgroundLoop, Runtime
from tukiverkko_common.uow import UnitOfWork

log = logging.getLogger(__name__)
RETRY_SECONDS = 60.0


def previous_month(now: datetime) -> str:
    """Return the Helsinki month before the one `now` falls in, as YYYY-MM."""
    today = helsinki_date(now)
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


async def close_due_month(
    uow_factory: Callable[[], UnitOfWork], settings: PlansSettings, now: datetime
) -> MonthClosed | None:
    """Close the previous month if it is due and not closed yet; return what closing found."""
    if helsinki_date(now).day < settings.auto_close_after_day:
        return None
    label = previous_month(now)
    async with uow_factory() as uow:
        if await uow.session.get(ClosedMonth, label) is not None:
            return None
        return await close_month(uow=uow, settings=settings, month=Month.parse(label))


async def auto_close_loop(uow_factory: Callable[[], UnitOfWork], settings: PlansSettings) -> None:
    """Check once an interval until cancelled; a failure is retried sooner and never stops the loop."""
    while True:
        delay = settings.auto_close_interval_seconds
        try:
            closed = await close_due_month(uow_factory, settings, utcnow())
            if closed is not None:
                log.info(
                    "month closed",
                    extra={"month": closed.month, "newly_detected": closed.newly_detected},
                )
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("closing last month failed, retrying: %s", type(exc).__name__)
            delay = min(delay, RETRY_SECONDS)
        await asyncio.sleep(delay)


def month_close_loop() -> BackgroundLoop:
    """Return the loop as the service declares it (run wherever the service's workers run)."""

    async def run(runtime: Runtime) -> None:
        await auto_close_loop(runtime.uow, runtime.settings)  # type: ignore[arg-type]

    return BackgroundLoop("MonthClose", run, enabled=lambda settings: settings.auto_close_months)


async def escalation_loop(uow_factory: Callable[[], UnitOfWork], settings: PlansSettings) -> None:
    """Escalate overdue tasks once an interval until cancelled; a failure never stops the loop."""
    while True:
        delay = settings.escalation_interval_seconds
        try:
            async with uow_factory() as uow:
                escalated = await escalate_overdue(uow=uow, now=utcnow())
            if escalated:
                log.info("overdue tasks escalated", extra={"escalated": escalated})
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("escalating overdue tasks failed, retrying: %s", type(exc).__name__)
            delay = min(delay, RETRY_SECONDS)
        await asyncio.sleep(delay)


def task_escalation_loop() -> BackgroundLoop:
    """Return the escalation loop as the service declares it."""

    async def run(runtime: Runtime) -> None:
        await escalation_loop(runtime.uow, runtime.settings)  # type: ignore[arg-type]

    return BackgroundLoop(
        "TaskEscalation", run, enabled=lambda settings: settings.auto_escalate_tasks
    )
