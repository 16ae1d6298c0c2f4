"""Connection pools under the upstream client: aiohttp's (the default) or plain httpx's.

Both send one request and return its answer, read, as an `httpx.Response`; a request that
got no answer raises `Unanswered` with the reason the circuit breaker and the problem use.
The aiohttp pool is driven directly: building an `httpx.Request` only for an adapter to
turn it back into aiohttp's arguments (the `httpx-aiohttp` transport) parsed each URL
twice and cost about 0.1 ms of CPU per proxied read (README.md, "Gateway read path").
"""

from collections.abc import Mapping

import aiohttp
import httpx

Timeouts = Mapping[str, float | None]
"""httpx's timeout dict: connect, read, write, pool (seconds)."""


class Unanswered(Exception):
    """No answer came: the reason ("unavailable" or "timeout") and the error's class name."""

    def __init__(self, reason: str, name: str) -> None:
        super().__init__(f"{reason} ({name})")
        self.reason = reason
        self.name = name


class AiohttpPool:
    """aiohttp's pool, without a cookie jar: an upstream's cookie must never ride along on a
    later caller's request. Redirects are relayed, never followed; bodies are not decoded."""

    def __init__(self, limits: httpx.Limits) -> None:
        self._limits = limits
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[tuple, aiohttp.ClientTimeout] = {}

    async def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | list[tuple[str, str]],
        content: bytes | None,
        timeouts: Timeouts,
    ) -> httpx.Response:
        session = self._session or self._open()
        try:
            async with session.request(
                method,
                url,
                headers=headers,
                data=content or None,
                allow_redirects=False,
                auto_decompress=False,
                compress=False,
                timeout=self._timeout(timeouts),
            ) as answer:
                body = await answer.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise Unanswered(_aiohttp_reason(exc), type(exc).__name__) from exc
        return httpx.Response(answer.status, headers=answer.raw_headers, content=body)

    def _open(self) -> aiohttp.ClientSession:
        # Opened on first use: a session belongs to the event loop it is made in.
        connector = aiohttp.TCPConnector(
            limit=self._limits.max_connections or 0,
            keepalive_timeout=self._limits.keepalive_expiry,
        )
        self._session = aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar()
        )
        return self._session

    def _timeout(self, timeouts: Timeouts) -> aiohttp.ClientTimeout:
        """The same mapping httpx-aiohttp made: connect per socket, read per socket, pool wait."""
        key = (timeouts.get("connect"), timeouts.get("read"), timeouts.get("pool"))
        found = self._timeouts.get(key)
        if found is None:
            found = self._timeouts[key] = aiohttp.ClientTimeout(
                sock_connect=key[0], sock_read=key[1], connect=key[2]
            )
        return found

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


class HttpxPool:
    """Plain httpx's pool (kept for comparison: several times slower under concurrency here)."""

    def __init__(self, limits: httpx.Limits) -> None:
        self._transport = httpx.AsyncHTTPTransport(limits=limits)

    async def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | list[tuple[str, str]],
        content: bytes | None,
        timeouts: Timeouts,
    ) -> httpx.Response:
        request = httpx.Request(
            method, url, headers=headers, content=content, extensions={"timeout": timeouts}
        )
        try:
            response = await self._transport.handle_async_request(request)
            try:
                await response.aread()
            finally:
                await response.aclose()
        except httpx.HTTPError as exc:
            reason = "timeout" if isinstance(exc, httpx.TimeoutException) else "unavailable"
            raise Unanswered(reason, type(exc).__name__) from exc
        return response

    async def aclose(self) -> None:
        await self._transport.aclose()


def _aiohttp_reason(exc: Exception) -> str:
    # A refused, reset or closed connection is the service going away, not a slow answer.
    if isinstance(
        exc, aiohttp.ClientConnectorError | aiohttp.ServerDisconnectedError | aiohttp.ClientOSError
    ):
        return "unavailable"
    return "timeout" if isinstance(exc, TimeoutError) else "unavailable"
