"""Calls to the platform services: one pooled transport per upstream, timeouts, retries, circuit breaker.

Requests go straight to a connection pool (`upstream_pools.py`): by default aiohttp's,
since plain httpx's pool is several times slower under concurrency on this hardware (see
bench/). `httpx.AsyncClient` is not in the path: its cookie jar, redirect and auth
machinery cost about as much CPU per call as the transport itself, and a gateway must
neither keep an upstream's cookies nor follow its redirects. Answers are `httpx.Response`s.
"""

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any

import httpx

from gateway.config import GatewaySettings
from gateway.upstream_pools import AiohttpPool, HttpxPool, Unanswered
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


def _pool(settings: GatewaySettings) -> AiohttpPool | HttpxPool:
    limits = httpx.Limits(
        max_connections=settings.upstream_max_connections,
        max_keepalive_connections=settings.upstream_max_connections,
        keepalive_expiry=30.0,
    )
    return AiohttpPool(limits) if settings.upstream_transport == "aiohttp" else HttpxPool(limits)


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
        self._pool = _pool(settings)

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
        url, sent_headers, body = self._prepared(method, path, params, json, content, headers)
        timeouts = self._timeout if timeout is None else self._timeouts(timeout)
        for attempt in range(1, attempts + 1):
            trial = self.breaker.state == "half_open"
            if not self.breaker.allow():
                raise UpstreamError(self.name, "circuit_open")
            try:
                response = await self._pool.send(method, url, sent_headers, body, timeouts)
            except Unanswered as exc:
                self.breaker.failure()
                if attempt == attempts:
                    raise UpstreamError(self.name, exc.reason, exc.name) from exc
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

    def _prepared(
        self,
        method: str,
        path: str,
        params: Any,
        json: Any,
        content: bytes | None,
        headers: Mapping[str, str] | None,
    ) -> tuple[str, Mapping[str, str] | list[tuple[str, str]], bytes | None]:
        """URL, headers and body to send; httpx encodes query parameters and JSON bodies."""
        sent = self._headers(headers)
        if params is None and json is None:  # a proxied call: path and bytes as they came
            return self._base + path, sent, content
        request = httpx.Request(
            method, self._base + path, params=params, json=json, content=content, headers=sent
        )
        return str(request.url), request.headers.multi_items(), request.content

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._pool.aclose()

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
