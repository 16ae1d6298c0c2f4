"""Worker process: outbox relay, inbox consumer and webhook dispatcher, without the HTTP API."""

import asyncio
import signal

from gateway.config import GatewaySettings
from gateway.main import service_spec
from gateway.pseudonym import Pseudonymiser
from gateway.webhooks import WebhookDispatcher
from tukiverkko_common.logs import configure_logging
from tukiverkko_common.runtime import Runtime


async def serve() -> None:
    """Migrate, run the loops until SIGINT/SIGTERM, then stop cleanly."""
    settings = GatewaySettings()
    spec = service_spec(settings, Pseudonymiser(settings.pseudonym_key.get_secret_value()))
    configure_logging(spec.name, level=settings.log_level, json_output=settings.log_json)
    runtime = Runtime(spec)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if settings.migrate_on_start:
        await runtime.start_migrations()
    runtime.start_workers()
    dispatcher = asyncio.create_task(
        WebhookDispatcher(runtime, settings).run(), name="gateway-WebhookDispatcher"
    )
    try:
        await stop.wait()
    finally:
        dispatcher.cancel()
        await asyncio.gather(dispatcher, return_exceptions=True)
        await runtime.stop()


def main() -> None:
    """Entry point of `gateway.worker:main`."""
    asyncio.run(serve())


if __name__ == "__main__":
    main()
