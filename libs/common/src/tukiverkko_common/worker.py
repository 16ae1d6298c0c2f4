"""Standalone worker process: the outbox relay and inbox consumer without the HTTP API.

In Kubernetes a service can run its API with `run_workers=false` and scale workers
separately; the relay lease keeps exactly one publisher either way.
"""

import asyncio
import signal

from tukiverkko_common.logs import configure_logging
from tukiverkko_common.runtime import Runtime, ServiceSpec


async def serve_workers(spec: ServiceSpec) -> None:
    """Migrate, run the background loops until SIGINT/SIGTERM, then stop cleanly."""
    configure_logging(spec.name, level=spec.settings.log_level, json_output=spec.settings.log_json)
    runtime = Runtime(spec)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if spec.settings.migrate_on_start and spec.migrations:
        await runtime.start_migrations()
    runtime.start_workers()
    try:
        await stop.wait()
    finally:
        await runtime.stop()


def run_worker(spec: ServiceSpec) -> None:
    """Blocking entry point for a service's `worker.py`."""
    asyncio.run(serve_workers(spec))
