"""The decision served ahead of FastAPI's router: the gateway asks for one on every request.

A pure-ASGI layer inside the library's request middleware (ids, internal credential,
metrics), so a decision passes every check it passed before. It matches the route as the
router would and answers it with the route's own handler; bad input is answered by the
app's own handler for it (the same 422 problem). FastAPI's exception, exit-stack and
routing layers, which a decision does not use, are skipped. Anything else goes on to the app.
"""

import inspect
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from consent.routers.decisions import serve

DECISIONS_PATH = "/api/v1/decisions"


class DecisionDispatcher:
    """Answer POST /api/v1/decisions here; pass anything else on."""

    def __init__(
        self, app: ASGIApp, *, route: APIRoute, exception_handlers: Mapping[Any, Any]
    ) -> None:
        self.app = app
        self._route = route
        self._handlers = exception_handlers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            match, child_scope = self._route.matches(scope)
            if match is Match.FULL:
                scope.update(child_scope)  # the route, as the router sets it (metrics label it)
                await self._serve(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await serve(request)
        except RequestValidationError as exc:  # anything else: the request middleware's 500
            outcome = self._handlers[RequestValidationError](request, exc)
            response = await outcome if inspect.isawaitable(outcome) else outcome
        await response(scope, receive, send)


def serve_decisions_first(app: FastAPI) -> None:
    """Put the dispatcher innermost of the app's middlewares (inside the request middleware)."""
    route = next(
        r for r in app.router.routes if isinstance(r, APIRoute) and r.path == DECISIONS_PATH
    )
    handlers = app.exception_handlers
    app.user_middleware.append(
        Middleware(DecisionDispatcher, route=route, exception_handlers=handlers)
    )
