"""`python -m tukiverkko_common.balancer PORT BACKEND_PORT...` — a TCP round robin on 127.0.0.1.

The one-machine stand-in for a Kubernetes Service in front of a replicated deployable
(`make run --replicas`): each new connection goes to the next backend that accepts it.
A backend that refuses (crashed, restarting) is skipped for a moment and the connection
tries the next, so callers see only the requests that were in flight on a killed replica.
"""

import asyncio
import contextlib
import itertools
import signal
import sys
import time
from collections.abc import Awaitable, Callable

HOST = "127.0.0.1"
SKIP_SECONDS = 1.0
CHUNK = 64 * 1024


class RoundRobin:
    """Pick backends in turn, passing over those that refused a connection lately."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self._turn = itertools.cycle(range(len(ports)))
        self._down_until = dict.fromkeys(ports, 0.0)

    def order(self) -> list[int]:
        """Return every backend, the next in turn first, those marked down last."""
        start = next(self._turn)
        rotated = self.ports[start:] + self.ports[:start]
        now = time.monotonic()
        return sorted(rotated, key=lambda port: self._down_until[port] > now)

    def refused(self, port: int) -> None:
        """Mark a backend down for a moment."""
        self._down_until[port] = time.monotonic() + SKIP_SECONDS


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def _connect(
    backends: RoundRobin,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    for port in backends.order():
        try:
            return await asyncio.open_connection(HOST, port)
        except OSError:
            backends.refused(port)
    return None


def handler(
    backends: RoundRobin,
) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
    """Return the connection handler that joins a client to a backend."""

    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        upstream = await _connect(backends)
        if (
            upstream is None
        ):  # no backend up: the caller sees a closed connection, as from a Service
            client_w.close()
            return
        up_r, up_w = upstream
        await asyncio.gather(_pipe(client_r, up_w), _pipe(up_r, client_w))

    return handle


async def balance(port: int, backend_ports: list[int]) -> asyncio.Server:
    """Start balancing connections on `port` over the backends; return the listening server."""
    return await asyncio.start_server(handler(RoundRobin(backend_ports)), HOST, port)


async def _serve(port: int, backend_ports: list[int]) -> None:
    """Balance until SIGINT/SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with await balance(port, backend_ports):
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    """Parse `PORT BACKEND_PORT...` and run."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or not all(a.isdigit() for a in args):
        print("usage: python -m tukiverkko_common.balancer PORT BACKEND_PORT...", file=sys.stderr)
        return 2
    asyncio.run(_serve(int(args[0]), [int(a) for a in args[1:]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
