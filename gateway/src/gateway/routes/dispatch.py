"""Catalogued operations served just inside the gateway's middlewares, ahead of FastAPI's router.

Every catalogued operation is declared as a FastAPI route: that is what the OpenAPI
document, the generated BOLA tests and the docs are built from, and what serves the
operation when the router reaches it. Reaching it through the router, though, costs the
exception and exit-stack middlewares, a walk over every route in order, and the
request/response wrapper around the handler: about 0.5 ms of CPU per proxied read on the
benchmark machine, as much as the gateway's own checks (see bench/gateway_read.py).

The dispatcher finds the route the router would pick (same routes, same order, same
matching, but only among routes that can match the path's number of segments) and, when
it is a catalogued operation, calls the same handler and renders its problems with the
app's own exception handlers. Anything else — another route winning, no route, a method
the operation does not take — goes on to FastAPI unchanged, so 404, 405 and the slash
redirect stay FastAPI's. Unexpected exceptions propagate to the library's request
middleware, which answers the 500 problem with the request id and logs it.
"""

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route, get_route_path
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.routes.proxy import CatalogueRoute

ExceptionHandler = Callable[[Request, Any], Response | Awaitable[Response]]
MAX_INDEXED_SEGMENTS = 32
"""Paths with more slashes than this are left to the router (no catalogued path is near it)."""


class CatalogueDispatcher:
    """Pure-ASGI layer: serve a request whose route is a catalogued operation, pass on anything else."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        routes: Sequence[BaseRoute],
        exception_handlers: Mapping[Any, ExceptionHandler],
    ) -> None:
        self.app = app
        self._routes = routes
        self._exception_handlers = exception_handlers
        self._buckets: dict[int, tuple[BaseRoute, ...]] = {}
        self._indexed_count = -1

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            found = self._match(scope)
            if found is not None:
                route, child_scope = found
                scope["route"] = route
                scope.update(child_scope)
                await self._serve(route, scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _match(self, scope: Scope) -> tuple[CatalogueRoute, Scope] | None:
        """Return the catalogued route the router would pick for this request, else None."""
        slashes = get_route_path(scope).count("/")
        if slashes > MAX_INDEXED_SEGMENTS:
            return None
        for route in self._candidates(slashes):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                return (route, child_scope) if isinstance(route, CatalogueRoute) else None
        return None

    def _candidates(self, slashes: int) -> tuple[BaseRoute, ...]:
        """The routes, in the router's order, that can match a path with this many slashes."""
        if self._indexed_count != len(self._routes):  # routes were added: index again
            self._buckets.clear()
            self._indexed_count = len(self._routes)
        bucket = self._buckets.get(slashes)
        if bucket is None:
            bucket = self._buckets[slashes] = tuple(
                r for r in self._routes if _can_match(r, slashes)
            )
        return bucket

    async def _serve(
        self, route: CatalogueRoute, scope: Scope, receive: Receive, send: Send
    ) -> None:
        request = Request(scope, receive)
        try:
            response = await route.serve(request)
        except Exception as exc:
            handler = self._handler_for(exc)
            if handler is None:
                raise
            outcome = handler(request, exc)
            # Starlette admits plain functions as handlers too; the app's own are coroutines.
            response = await outcome if inspect.isawaitable(outcome) else outcome
        await response(scope, receive, send)

    def _handler_for(self, exc: Exception) -> ExceptionHandler | None:
        """The app's handler for this exception class (as FastAPI's exception middleware finds it)."""
        for cls in type(exc).__mro__:
            if cls is Exception:
                return None  # unexpected: the request middleware answers and logs it
            handler = self._exception_handlers.get(cls)
            if handler is not None:
                return handler
        return None


def _can_match(route: BaseRoute, slashes: int) -> bool:
    """Whether a route could match a path with this many slashes (unsure → yes, it stays a candidate).

    An HTTP route's parameters never hold a slash unless declared `:path`; a mount or a
    host route can match any depth.
    """
    if not isinstance(route, Route) or ":path}" in route.path:
        return True
    return route.path.count("/") == slashes
