"""Outermost ASGI layer: body size limit, trace context, X-Road request ids, /metrics, refusals.

Runs before the library's request-context middleware, so the ids and the traceparent
it puts in the headers are the ones every log line, upstream call and event carries.
"""

import hmac
import ipaddress
import re
import secrets
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.auth.refusals import RefusalRecorder
from gateway.config import GatewaySettings
from tukiverkko_common.problems import problem_response

TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
SAFE_ID = re.compile(r"^[A-Za-z0-9._:/@+=-]{1,128}$")


class _TooLarge(Exception):
    pass


def new_traceparent(trace_id: str | None = None) -> str:
    """Return a W3C traceparent: the given trace (or a new one) with a fresh span id, sampled."""
    fresh = secrets.token_hex(24)  # one read of the system's randomness for both ids
    return f"00-{trace_id or fresh[:32]}-{fresh[32:]}-01"


class EdgeMiddleware:
    """Refuse oversized bodies (413), normalise request ids and traceparent, answer X-Road ids."""

    def __init__(self, app: ASGIApp, *, settings: GatewaySettings) -> None:
        self.app = app
        self.max_body_bytes = settings.max_body_bytes
        self.metrics = MetricsGuard(settings)
        self.public_url = (settings.public_url or "").rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]
        names = {k.lower(): v for k, v in headers}
        declared = names.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await self._refuse(scope, receive, send, names.get(b"accept-language"))
            return
        if scope["path"] == "/metrics" and not self.metrics.allows(scope, names):
            watched = RefusalRecorder(scope, route="/metrics").wrap(send)
            await self.metrics.refuse(scope, receive, watched, names.get(b"accept-language"))
            return
        scope = dict(scope, headers=self._normalised(headers, names))
        xroad = b"x-road-id" in names or b"x-road-client" in names
        refusals = RefusalRecorder(scope)
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            if message["type"] == "http.response.start" and (
                xroad or 300 <= message["status"] < 400
            ):
                out = self._own_location(list(message.get("headers", [])), message["status"])
                rid = next((v for k, v in out if k.lower() == b"x-request-id"), None)
                if rid is not None and xroad:
                    out.append((b"x-road-request-id", rid))
                message["headers"] = out
            refusals.see(message)
            await send(message)

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send_wrapper)
        except _TooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send_wrapper, names.get(b"accept-language"))

    def _own_location(self, headers: list[tuple[bytes, bytes]], status: int) -> list:
        """Point a redirect at our own URL, never at the Host header the caller sent."""
        if not 300 <= status < 400:
            return headers
        out = []
        for key, value in headers:
            if key.lower() == b"location":
                target = urlsplit(value.decode("latin-1"))
                if target.scheme or target.netloc:
                    query = f"?{target.query}" if target.query else ""
                    value = f"{self.public_url}{target.path}{query}".encode("latin-1")
            out.append((key, value))
        return out

    def _normalised(self, headers: list[tuple[bytes, bytes]], names: dict[bytes, bytes]) -> list:
        """Drop unsafe ids, keep X-Road-Id as the request id, start a trace when none came."""
        kept = [
            (k, v)
            for k, v in headers
            if k.lower() not in (b"x-request-id", b"x-road-id", b"traceparent")
        ]
        rid = names.get(b"x-road-id") or names.get(b"x-request-id")
        if rid is not None and SAFE_ID.match(rid.decode("latin-1")):
            kept.append((b"x-request-id", rid))
        incoming = TRACEPARENT.match((names.get(b"traceparent") or b"").decode("latin-1"))
        if incoming and incoming.group(1) != "0" * 32:
            kept.append((b"traceparent", names[b"traceparent"]))
        else:
            kept.append((b"traceparent", new_traceparent().encode()))
        return kept

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, language: bytes | None = None
    ) -> None:
        response = problem_response(
            413,
            "payload-too-large",
            "Payload too large",
            f"request bodies are limited to {self.max_body_bytes} bytes",
            scope["path"],
            accept_language=language.decode("latin-1") if language else None,
        )
        await response(scope, receive, send)


LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


class MetricsGuard:
    """/metrics only for the configured scrape addresses or with the internal credential."""

    def __init__(self, settings: GatewaySettings) -> None:
        self._networks = [
            ipaddress.ip_network(a, strict=False) for a in settings.metrics_scrape_addresses
        ]
        if settings.environment == "development":
            self._networks.extend(LOOPBACK)  # `make run` and the tests scrape from the host
        self._token = settings.internal_token.get_secret_value().encode()

    def allows(self, scope: Scope, names: dict[bytes, bytes]) -> bool:
        """Return whether this caller may read the metrics."""
        # The internal credential as the services take it, or as Prometheus sends a bearer token.
        scheme, _, bearer = names.get(b"authorization", b"").partition(b" ")
        for given in (
            names.get(b"x-internal-token"),
            bearer if scheme.lower() == b"bearer" else None,
        ):
            if given and hmac.compare_digest(given.strip(), self._token):
                return True
        client = scope.get("client")
        try:
            address = ipaddress.ip_address(client[0]) if client else None
        except ValueError:
            return False
        return address is not None and any(address in n for n in self._networks)

    async def refuse(
        self, scope: Scope, receive: Receive, send: Send, language: bytes | None = None
    ) -> None:
        response = problem_response(
            401,
            "unauthorized",
            "Unauthorized",
            "metrics are for the configured scraper or the internal credential",
            scope["path"],
            accept_language=language.decode("latin-1") if language else None,
        )
        await response(scope, receive, send)
