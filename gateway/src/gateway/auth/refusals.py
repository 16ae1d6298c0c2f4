"""One structured log line per refusal (401, 403, 404, 429), without personal data.

The line names the route template, never the path: a path holds client and plan ids. The
organisation is the authenticated caller's, never one a header claims.
"""

import json
import logging
from typing import Any

from starlette.types import Message, Scope, Send

log = logging.getLogger("gateway.refusals")
REFUSALS = frozenset({401, 403, 404, 429})
MAX_BODY = 8192
"""Problem bodies are small; a larger body is not read for its type."""


class RefusalRecorder:
    """Follows one response; logs it once if it is a refusal."""

    def __init__(self, scope: Scope, route: str | None = None) -> None:
        self._scope = scope
        self._route = route
        self._status = 0
        self._request_id: str | None = None
        self._body = b""

    def wrap(self, send: Send) -> Send:
        """Return a send that watches what it sends."""

        async def watched(message: Message) -> None:
            self.see(message)
            await send(message)

        return watched

    def see(self, message: Message) -> None:
        """Watch a response message; log when a refusal's body is complete."""
        if message["type"] == "http.response.start":
            self._status = message["status"]
            if self._status in REFUSALS:  # only a refusal's line needs the request id
                headers = dict(message.get("headers", []))
                rid = headers.get(b"x-request-id")
                self._request_id = rid.decode("latin-1") if rid else None
            return
        if self._status not in REFUSALS or message["type"] != "http.response.body":
            return
        if len(self._body) < MAX_BODY:
            self._body += message.get("body", b"")[:MAX_BODY]
        if not message.get("more_body", False):
            self._log()

    def _log(self) -> None:
        route = self._scope.get("route")
        caller = (self._scope.get("state") or {}).get("caller")
        log.info(
            "request refused",
            extra={
                "status": self._status,
                "problem_type": _problem_type(self._body),
                "route": self._route or getattr(route, "path", "unmatched"),
                "method": self._scope.get("method"),
                "request_id": self._request_id,
                "organisation_id": getattr(caller, "organisation_id", None),
            },
        )


def _problem_type(body: bytes) -> str | None:
    try:
        parsed: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    kind = parsed.get("type") or parsed.get("error")
    return str(kind)[:200] if kind else None
