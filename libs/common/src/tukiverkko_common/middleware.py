"""Pure-ASGI request middleware: ids and trace context, internal credential, metrics."""

import hmac
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tukiverkko_common import context
from tukiverkko_common.ids import new_id
from tukiverkko_common.metrics import Metrics
from tukiverkko_common.problems import problem_response

log = logging.getLogger(__name__)
OPEN_PREFIXES = ("/health/", "/metrics", "/docs", "/redoc", "/openapi.json")
INTERNAL_HEADER = "x-internal-token"
ACTOR_ORG_HEADER = "x-actor-organisation"
ACTOR_USER_HEADER = "x-actor-user"
_READ_HEADERS = frozenset(
    name.encode()
    for name in (
        "x-request-id",
        "x-road-id",
        "x-correlation-id",
        "traceparent",
        ACTOR_ORG_HEADER,
        ACTOR_USER_HEADER,
        INTERNAL_HEADER,
    )
)


async def _server_error(scope: Scope, receive: Receive, send: Send, rid: str) -> None:
    """Answer an unexpected error here, inside the request's context: the problem and the log line
    carry the request id, and the server keeps the connection (an error escaping to it closes the
    connection after the answer, and the caller's pool then reuses a dead one)."""
    log.exception("unhandled error", extra={"path": scope["path"], "request_id": rid})
    response = problem_response(500, "internal-error", "Internal error", None, scope["path"])
    await response(scope, receive, send)


class RequestContextMiddleware:
    """Set request id, correlation and traceparent; refuse callers without the internal token."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, internal_token: str | None) -> None:
        self.app = app
        self.metrics = metrics
        self.internal_token = internal_token.encode() if internal_token else None
        self._series: dict[tuple[str, str, int], tuple] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            k.decode("latin-1"): v.decode("latin-1")
            for k, v in scope["headers"]
            if k in _READ_HEADERS
        }
        rid = headers.get("x-request-id") or headers.get("x-road-id") or str(new_id())
        tokens = (
            context.request_id.set(rid),
            context.correlation_id.set(headers.get("x-correlation-id") or rid),
            context.traceparent.set(headers.get("traceparent")),
            context.actor_organisation.set(headers.get(ACTOR_ORG_HEADER)),
            context.actor_user.set(headers.get(ACTOR_USER_HEADER)),
        )
        started = time.perf_counter()
        status = 500
        answering = False
        outer: list[BaseException] = []

        async def receive_wrapper() -> Message:
            try:
                return await receive()
            except Exception as exc:
                outer.append(exc)  # an outer layer's (e.g. the body limit's): it answers it
                raise

        async def send_wrapper(message: Message) -> None:
            nonlocal status, answering
            if message["type"] == "http.response.start":
                status, answering = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [*list(message["headers"]), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            if self._refused(scope["path"], headers):
                response = problem_response(
                    401,
                    "internal-credential-required",
                    "Internal credential required",
                    "services are reached through the gateway",
                    scope["path"],
                )
                await response(scope, receive, send_wrapper)
            else:
                await self.app(scope, receive_wrapper, send_wrapper)
        except Exception as exc:
            if answering or exc in outer:
                raise  # part of the answer is out, or the error is an outer layer's to answer
            await _server_error(scope, receive, send_wrapper, rid)
        finally:
            requests, latency = self._children(
                getattr(scope.get("route"), "path", "unmatched"), scope["method"], status
            )
            requests.inc()
            latency.observe(time.perf_counter() - started)
            for token in tokens:
                token.var.reset(token)

    def _children(self, route: str, method: str, status: int) -> tuple:
        """Return the request counter and latency histogram of one route, method and status (kept)."""
        key = (route, method, status)
        found = self._series.get(key)
        if found is None:
            found = self._series[key] = (
                self.metrics.http_requests.labels(route, method, str(status)),
                self.metrics.http_latency.labels(route, method),
            )
        return found

    def _refused(self, path: str, headers: dict[str, str]) -> bool:
        if self.internal_token is None or path.startswith(OPEN_PREFIXES):
            return False
        given = headers.get(INTERNAL_HEADER, "").encode()
        return not hmac.compare_digest(given, self.internal_token)
