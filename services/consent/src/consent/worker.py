"""Worker process: outbox relay, inbox consumer and the expiry sweeper, without the HTTP API."""

import asyncio

from consent.config import ConsentSettings
from consent.main import build_spec
from consent.models import messaging
from consent.service.expiry import ExpirySweeper
from tukiverkko_common.db import create_engine, dispose, session_factory
from tukiverkko_common.uow import UnitOfWork
from tukiverkko_common.worker import serve_workers


async def serve(settings: ConsentSettings) -> None:
    """Run the library's worker loops and the expiry sweeper until SIGINT/SIGTERM."""
    spec = build_spec(settings)
    # The library's worker takes no extra loops, so the sweeper runs beside it on its own
    # engine; the relay publishes its outbox rows on its next poll.
    engine = create_engine(settings.effective_database_url)
    sessions = session_factory(engine)
    sweeper = ExpirySweeper(
        engine=engine,
        settings=settings,
        uow_factory=lambda: UnitOfWork(sessions, messaging, source=f"/tukiverkko/{spec.name}"),
    )
    task = asyncio.create_task(sweeper.run(), name=f"{spec.name}-ExpirySweeper")
    try:
        await serve_workers(spec)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await dispose(engine)


def main() -> None:
    """Entry point of `[tool.tukiverkko] worker`."""
    asyncio.run(serve(ConsentSettings()))
