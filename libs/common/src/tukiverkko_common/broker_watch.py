"""Notice broker outages so Kafka clients are rebuilt after one.

aiokafka reconnects silently, but a memory-only broker that restarts has forgotten
its topics, groups and offsets; clients built before the outage keep stale metadata
and can publish into the void; a consumer that kept its in-memory positions would
skip the first offsets of the new, empty partitions. Every client is tagged with the
generation it was built in, and a new generation starts whenever the broker goes
away and again when it comes back, so no client outlives an outage.
"""

import asyncio
from collections.abc import Callable

from prometheus_client import Gauge

from tukiverkko_common.heartbeats import no_beat
from tukiverkko_common.settings import ServiceSettings


class BrokerWatch:
    """Probe the bootstrap servers; count outages; tell whether the broker is up."""

    def __init__(
        self, settings: ServiceSettings, interval: float = 0.5, gauge: Gauge | None = None
    ) -> None:
        self._settings = settings
        self._interval = interval
        self._gauge = gauge
        self.generation = 0
        self.up = True
        self.heartbeat: Callable[[], None] = no_beat

    async def probe(self) -> bool:
        """Return True when some bootstrap server accepts a TCP connection."""
        try:
            servers = self._settings.bootstrap_servers.split(",")
        except RuntimeError:
            return False
        for server in servers:
            host, _, port = server.strip().rpartition(":")
            try:
                _, writer = await asyncio.wait_for(
                    asyncio.open_connection(host or "localhost", int(port)), timeout=1
                )
                writer.close()
                return True
            except (OSError, TimeoutError, ValueError):
                continue
        return False

    async def run(self) -> None:
        """Probe forever; every up/down transition starts a new generation."""
        while True:
            self.heartbeat()
            now_up = await self.probe()
            if now_up != self.up:
                self.generation += 1
            self.up = now_up
            if self._gauge is not None:
                self._gauge.set(1 if now_up else 0)
            await asyncio.sleep(self._interval)
