"""Standalone worker process: the outbox relay and inbox consumer without the HTTP API.

In Kubernetes a service can run its API with `run_workers=false` and scale workers
separately; the relay lease keeps exactly one publisher either way. With
`worker_health_port` set, the process answers health probes and metrics (worker_health.py).
"""

import asyncio
import signal

from tukiverkko_common.logs import configure_logging
from tukiverkko_common.runtime import Runtime, ServiceSpec
from tukiverkko_common.worker_health import WorkerHealth


async def serve_workers(spec: ServiceSpec) -> None:
    """Migrate, run the background loops until SIGINT/SIGTERM, then stop cleanly."""
    settings = spec.settings
    configure_logging(spec.name, level=settings.log_level, json_output=settings.log_json)
    runtime = Runtime(spec)
    health = WorkerHealth(runtime)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        # Listening before migrating: alive (not ready) while a migration runs.
        if settings.worker_health_port is not None:
            await health.start(settings.worker_health_host, settings.worker_health_port)
        if settings.migrate_on_start and spec.migrations:
            await runtime.start_migrations()
        runtime.start_workers()
        await stop.wait()
    finally:
        await health.stop()
        await runtime.stop()


def run_worker(spec: ServiceSpec) -> None:
    """Blocking entry point for a service's `worker.py`."""
    asyncio.run(serve_workers(spec))
