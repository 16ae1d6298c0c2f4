"""The worker process's health endpoint: a tiny HTTP responder beside the background loops.

A worker serves no API, yet the platform must know two things about it (Kubernetes probes,
compose healthchecks, `make run`): is it alive, and is it ready.

- `/health/live` is 200 while every background loop is running and turning: each supervised
  task is still there, and the relay, consumer and broker watch each beat within
  `worker_stall_seconds`. A broker outage does not fail it: the relay and consumer keep
  retrying with backoff and beat on each retry, so restarting the process would only lose
  the backoff's place. A loop that stops beating is wedged, and a restart is the cure.
- `/health/ready` is 200 once the loops have started and the database answers (the broker's
  state is reported, not gated on, as for the APIs).
- `/metrics` is the process's Prometheus registry (relay leadership, outbox backlog, lag).

Plain `asyncio.start_server`, not uvicorn: a second server would take over the worker's
signal handling, and three fixed GET routes need no framework. Requests are bounded in size,
time and concurrency, since anything that can reach the port can call it.
"""

import asyncio
import contextlib
import json
import logging

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from tukiverkko_common.runtime import Runtime

log = logging.getLogger(__name__)

MAX_CONNECTIONS = 16
MAX_HEADER_LINES = 64
READ_TIMEOUT_SECONDS = 5.0
REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}
Answer = tuple[int, bytes, str]


class WorkerHealth:
    """Answer the health and metrics routes of one worker runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.server: asyncio.Server | None = None
        self._open = 0

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0: any free port); return the port listened on."""
        self.server = await asyncio.start_server(self._serve, host, port)
        bound = int(self.server.sockets[0].getsockname()[1])
        log.info("worker health endpoint listening", extra={"port": bound})
        return bound

    async def stop(self) -> None:
        """Stop listening."""
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), timeout=2)

    async def answer(self, method: str, path: str) -> Answer:
        """Return the status, body and content type for one request."""
        if method != "GET":
            return 405, b"", "text/plain"
        if path == "/health/live":
            return _json(*self.runtime.liveness())
        if path == "/health/ready":
            ready, checks = await self.runtime.readiness()
            started = self.runtime.runs_workers
            checks["workers"] = "started" if started else "starting"
            return _json(ready and started, checks)
        if path == "/metrics":
            return 200, generate_latest(self.runtime.metrics.registry), CONTENT_TYPE_LATEST
        return 404, b"", "text/plain"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._open += 1
        try:
            if self._open <= MAX_CONNECTIONS:
                request = await asyncio.wait_for(_read_request(reader), READ_TIMEOUT_SECONDS)
                if request is not None:
                    status, body, media = await self.answer(*request)
                    writer.write(_response(status, body, media))
                    await writer.drain()
        except (TimeoutError, ConnectionError, ValueError):
            pass  # a slow, broken or oversized request gets no answer
        finally:
            self._open -= 1
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str] | None:
    """Return (method, path) of the request line after reading its headers; None if malformed."""
    parts = (await reader.readline()).decode("latin-1").split()
    for _ in range(MAX_HEADER_LINES):
        if (await reader.readline()).strip() == b"":
            break
    else:
        return None
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return None
    return parts[0], parts[1].split("?", 1)[0]


def _json(ok: bool, checks: dict[str, str]) -> Answer:
    body = json.dumps({"status": "ok" if ok else "unavailable", "checks": checks}).encode()
    return (200 if ok else 503), body, "application/json"


def _response(status: int, body: bytes, media: str) -> bytes:
    head = (
        f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Type: {media}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body
