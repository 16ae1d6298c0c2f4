"""Publishing platform events as a producing service would; an SSE reader; a webhook receiver."""

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.kafka import ensure_topics, make_producer, stop_client
from tukiverkko_common.settings import ServiceSettings


async def publish(
    bootstrap: str, *events: EventData, source: str = "/tukiverkko/plans"
) -> list[CloudEvent]:
    """Send contract events in binary content mode, keyed like their producer keys them."""
    settings = ServiceSettings(service_name="test-producer", kafka_bootstrap_servers=bootstrap)
    await ensure_topics(settings, sorted({e.topic for e in events}))
    producer = make_producer(settings)
    await producer.start()
    envelopes = []
    try:
        for event in events:
            key = str(getattr(event, "client_id", None) or event.subject_id)
            envelope = CloudEvent.wrap(event, source=source, subject=key)
            await producer.send_and_wait(
                event.topic,
                value=envelope.body(),
                key=key.encode(),
                headers=envelope.kafka_headers(),
            )
            envelopes.append(envelope)
    finally:
        await stop_client(producer)
    return envelopes


class SseReader:
    """Messages from an open streaming response, in order (comments and pings skipped)."""

    def __init__(self, response: httpx.Response) -> None:
        self._lines = response.aiter_lines()

    async def next(self, timeout: float = 20.0) -> dict[str, Any]:
        """Return the next message with `data` parsed as JSON."""
        return await asyncio.wait_for(self._next(), timeout)

    async def _next(self) -> dict[str, Any]:
        current: dict[str, str] = {}
        async for line in self._lines:
            if not line:
                if "data" in current:
                    return dict(current, data=json.loads(current["data"]))
                current.clear()
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            current[name] = value.removeprefix(" ")
        raise EOFError("the stream ended")


@dataclass
class Receiver:
    """A provider backend that verifies every delivery and fails the first `failures` of them."""

    failures: int
    secret: str = ""
    attempts: list[int] = field(default_factory=list)
    verified: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/hook")
        async def hook(request: Request) -> Response:
            body = await request.body()
            try:
                payload = Webhook(self.secret).verify(body, dict(request.headers))
            except WebhookVerificationError:
                self.attempts.append(401)
                return Response(status_code=401)
            if len(self.attempts) < self.failures:
                self.attempts.append(500)
                return Response(status_code=500)
            self.attempts.append(204)
            self.verified.append(payload)
            return Response(status_code=204)

        return app
