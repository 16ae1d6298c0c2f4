"""Per-request context that travels into logs and events: request id, correlation, trace."""

from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
traceparent: ContextVar[str | None] = ContextVar("traceparent", default=None)
actor_organisation: ContextVar[str | None] = ContextVar("actor_organisation", default=None)
"""Organisation id of the caller, as authenticated by the gateway (header x-actor-organisation)."""
actor_user: ContextVar[str | None] = ContextVar("actor_user", default=None)
"""Pseudonymous user id of the caller, as authenticated by the gateway (header x-actor-user)."""
