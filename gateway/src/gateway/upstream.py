"""Calls to the platform services: one pooled transport per upstream, timeouts, retries, circuit breaker.

Requests are httpx requests sent straight to an httpx transport: by default aiohttp's
connection pool (`httpx-aiohttp`), since plain httpx's pool is several times slower under
concurrency on this hardware (see bench/). `httpx.AsyncClient` is not in the path: its
cookie jar, redirect and auth machinery cost about as much CPU per call as the transport
itself, and a gateway must neither keep an upstream's cookies nor follow its redirects
(the aiohttp pool is built without a cookie jar for the same reason).
"""

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from gateway.config import GatewaySettings
from tukiverkko_common import context, problem_language
from tukiverkko_common.backoff import backoff_delay
from tukiverkko_common.middleware import ACTOR_ORG_HEADER, ACTOR_USER_HEADER, INTERNAL_HEADER

log = logging.getLogger(__name__)
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({502, 503, 504})


class UpstreamError(Exception):
    """An upstream that could not answer: not configured, unreachable, too slow, or its circuit is open."""

    def __init__(self, upstream: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{upstream}: {reason}{' (' + detail + ')' if detail else ''}")
        self.upstream = upstream
        self.reason = reason


class CircuitBreaker:
    """Closed → open after N consecutive failures → one trial call after the cool-down."""

    def __init__(self, threshold: int, reset_seconds: float) -> None:
        self.threshold = threshold
        self.reset_seconds = reset_seconds
        self.failures = 0
        self.opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half_open" if time.monotonic() - self.opened_at >= self.reset_seconds else "open"

    def allow(self) -> bool:
        """Return whether a call may go out now."""
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self._trial_running:
            self._trial_running = True
            return True
        return False

    def success(self) -> None:
        self.failures = 0
        self.opened_at = None
        self._trial_running = False

    def abandon(self) -> None:
        """A call was cancelled before it answered: it proved nothing, so a trial may go out again."""
        self._trial_running = False

    def failure(self) -> None:
        self.failures += 1
        self._trial_running = False
        if self.opened_at is not None or self.failures >= self.threshold:
            self.opened_at = time.monotonic()


def _reason(exc: httpx.HTTPError) -> str:
    # httpx-aiohttp maps a refused connection to ConnectTimeout; the cause tells them apart.
    cause = exc.__cause__
    # A reset or closed connection is the service going away, not a slow answer.
    if isinstance(
        cause,
        aiohttp.ClientConnectorError | aiohttp.ServerDisconnectedError | aiohttp.ClientOSError,
    ):
        return "unavailable"
    if isinstance(exc, httpx.TimeoutException) or isinstance(
        cause, TimeoutError | aiohttp.ServerTimeoutError
    ):
        return "timeout"
    return "unavailable"


def _transport(settings: GatewaySettings) -> httpx.AsyncBaseTransport:
    limits = httpx.Limits(
        max_connections=settings.upstream_max_connections,
        max_keepalive_connections=settings.upstream_max_connections,
        keepalive_expiry=30.0,
    )
    if settings.upstream_transport == "aiohttp":
        return AiohttpTransport(limits=limits, client=lambda: _aiohttp_session(limits))
    return httpx.AsyncHTTPTransport(limits=limits)


def _aiohttp_session(limits: httpx.Limits) -> aiohttp.ClientSession:
    """The pool under the aiohttp transport, without a cookie jar (the transport's own default keeps
    cookies, and an upstream's cookie would then ride along on every later caller's request)."""
    connector = aiohttp.TCPConnector(
        limit=limits.max_connections or 0, keepalive_timeout=limits.keepalive_expiry
    )
    return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())


class Upstream:
    """One service behind the gateway."""

    def __init__(self, name: str, base_url: str, settings: GatewaySettings) -> None:
        self.name = name
        self.base_url = base_url
        self._settings = settings
        self.breaker = CircuitBreaker(
            settings.breaker_failure_threshold, settings.breaker_reset_seconds
        )
        self._base = base_url.rstrip("/")
        self._timeout = self._timeouts(settings.upstream_timeout_seconds)
        self._transport = _transport(settings)

    def _timeouts(self, seconds: float) -> dict[str, float | None]:
        connect = min(seconds, self._settings.upstream_connect_timeout_seconds)
        return httpx.Timeout(seconds, connect=connect).as_dict()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        """Send a request; retry only idempotent ones; raise UpstreamError when no answer came.

        `path` may carry its query string; the answer's body is read before returning.
        """
        retryable = method in IDEMPOTENT if idempotent is None else idempotent
        attempts = 1 + (self._settings.upstream_retries if retryable else 0)
        sent_headers = self._headers(headers)
        timeouts = self._timeout if timeout is None else self._timeouts(timeout)
        for attempt in range(1, attempts + 1):
            trial = self.breaker.state == "half_open"
            if not self.breaker.allow():
                raise UpstreamError(self.name, "circuit_open")
            try:
                request = httpx.Request(
                    method,
                    self._base + path,
                    params=params,
                    json=json,
                    content=content,
                    headers=sent_headers,
                    extensions={"timeout": timeouts},
                )
                response = await self._send(request)
            except httpx.HTTPError as exc:
                self.breaker.failure()
                if attempt == attempts:
                    raise UpstreamError(self.name, _reason(exc), type(exc).__name__) from exc
            except BaseException:
                # Cancelled (the overview's deadline): without this a cancelled trial left the
                # circuit half-open with its trial "running" forever, refusing every later call.
                if trial:
                    self.breaker.abandon()
                raise
            else:
                if response.status_code < 500:
                    self.breaker.success()
                    return response
                self.breaker.failure()
                if response.status_code not in RETRY_STATUSES or attempt == attempts:
                    return response
            await asyncio.sleep(
                backoff_delay(attempt, base=self._settings.upstream_retry_backoff_seconds, cap=1.0)
            )
        raise AssertionError("unreachable")

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._transport.handle_async_request(request)
        try:
            await response.aread()
        finally:
            await response.aclose()
        return response

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._transport.aclose()

    def _headers(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers = {INTERNAL_HEADER: self._settings.internal_token.get_secret_value()}
        for name, value in (
            ("x-request-id", context.request_id.get()),
            ("traceparent", context.traceparent.get()),
            (ACTOR_ORG_HEADER, context.actor_organisation.get()),
            (ACTOR_USER_HEADER, context.actor_user.get()),
            ("accept-language", problem_language.accepted.get()),
        ):
            if value:
                headers[name] = value
        if extra:
            headers.update(extra)
        return headers


class Upstreams:
    """The configured upstreams by name; an unconfigured one is reported, not guessed."""

    def __init__(self, settings: GatewaySettings) -> None:
        self._settings = settings
        self._by_name = {
            name: Upstream(name, url, settings) for name, url in settings.upstreams.items()
        }

    def get(self, name: str) -> Upstream:
        """Return the upstream or raise UpstreamError(not_configured)."""
        upstream = self._by_name.get(name)
        if upstream is None:
            raise UpstreamError(name, "not_configured")
        return upstream

    def configured(self, name: str) -> bool:
        return name in self._by_name

    def names(self) -> list[str]:
        return sorted(self._by_name)

    async def aclose(self) -> None:
        """Close every connection pool."""
        for upstream in self._by_name.values():
            await upstream.aclose()
