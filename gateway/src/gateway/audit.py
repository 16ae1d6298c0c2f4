"""Access and disclosure logs, recorded in the gateway's outbox before any data goes out (fail closed).

Concurrent requests share one transaction (group commit): each request still waits for
the commit that holds its own entries, so no data leaves before its log is durable, and
SQLite is not asked for one write transaction per read.
"""

import asyncio
import logging
from dataclasses import dataclass
from uuid import UUID

from gateway.policy import CONSENT_LEGAL_BASIS, OWN_LEGAL_BASIS, OWN_PURPOSE
from tukiverkko_common import context
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.audit import AccessLogged, DataDisclosed
from tukiverkko_common.problems import Problem
from tukiverkko_common.runtime import Runtime
from tukiverkko_common.uow import Staged, append_events, envelope

AuditEntry = AccessLogged | DataDisclosed
"""An entry of the access log (käyttöloki) or the disclosure log (luovutusloki)."""

log = logging.getLogger(__name__)


class AuditUnavailable(Problem):
    """The log entry could not be recorded, so the data is not returned."""

    def __init__(self) -> None:
        super().__init__(
            503,
            "audit-log-unavailable",
            "Service unavailable",
            "the access log could not be recorded, so no data is returned",
        )
        self.headers["Retry-After"] = "5"


@dataclass(frozen=True)
class Grant:
    """Why a caller may use a client's data: their own client, or a disclosure with consent."""

    client_id: UUID
    owner_organisation_id: str
    own: bool
    purpose: str = OWN_PURPOSE
    legal_basis: str = OWN_LEGAL_BASIS
    consent_ids: tuple[UUID, ...] = ()

    @classmethod
    def disclosure(
        cls, client_id: UUID, owner: str, purpose: str, consent_ids: list[UUID]
    ) -> "Grant":
        return cls(client_id, owner, False, purpose, CONSENT_LEGAL_BASIS, tuple(consent_ids))


def entries_for(
    grant: Grant, *, organisation_id: str, user_id: str | None, category: str, action: str
) -> list[AuditEntry]:
    """Return the access-log entry, plus a disclosure-log entry when the data crossed organisations."""
    common = {
        "occurred_at": utcnow(),
        "client_id": grant.client_id,
        "user_id": user_id,
        "data_category": category,
        "action": action,
        "purpose": grant.purpose,
        "legal_basis": grant.legal_basis,
        "request_id": context.request_id.get() or "",
    }
    entries: list[AuditEntry] = [AccessLogged(organisation_id=UUID(organisation_id), **common)]
    if not grant.own:
        entries.append(
            DataDisclosed(
                organisation_id=UUID(grant.owner_organisation_id),
                recipient_organisation_id=UUID(organisation_id),
                consent_ids=list(grant.consent_ids),
                **common,
            )
        )
    return entries


class AuditWriter:
    """Commit audit entries to the outbox, batching concurrent requests into one transaction.

    The entries are durable once committed; publishing them to the broker is the relay's
    job, and the relay is woken at most once per `publish_delay` so that it sends audit
    events in batches instead of paying a broker round trip and a write per read.
    """

    def __init__(self, runtime: Runtime, timeout: float, publish_delay: float = 0.25) -> None:
        self._runtime = runtime
        self._timeout = timeout
        self._publish_delay = publish_delay
        self._wake_scheduled = False
        self._pending: list[tuple[list[Staged], asyncio.Future]] = []
        self._flusher: asyncio.Task | None = None

    def _wake_relay_soon(self) -> None:
        relay = self._runtime.relay
        if relay is None or self._wake_scheduled:
            return
        self._wake_scheduled = True

        def wake() -> None:
            self._wake_scheduled = False
            relay.wake()

        asyncio.get_running_loop().call_later(self._publish_delay, wake)

    async def record(self, entries: list[AuditEntry]) -> None:
        """Return once the entries are committed; raise AuditUnavailable (503) otherwise."""
        if not entries:
            return
        future = asyncio.get_running_loop().create_future()
        future.add_done_callback(
            lambda f: f.cancelled() or f.exception()
        )  # consumed even after a timeout
        # Envelopes take the request id and trace from this request's context.
        source = f"/tukiverkko/{self._runtime.spec.name}"
        events = [envelope(entry, key=str(entry.client_id), source=source) for entry in entries]
        self._pending.append((events, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        try:
            await asyncio.wait_for(asyncio.shield(future), timeout=self._timeout)
        except TimeoutError as exc:
            raise AuditUnavailable() from exc

    async def _flush(self) -> None:
        tables = self._runtime.spec.tables
        assert tables is not None
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                events = [event for staged, _ in batch for event in staged]
                await append_events(
                    self._runtime.engine, tables, events, on_commit=self._wake_relay_soon
                )
            except Exception as exc:  # the database refused: every waiting read fails closed
                log.error("audit log write failed: %s", type(exc).__name__)
                for _, future in batch:
                    if not future.done():
                        future.set_exception(AuditUnavailable())
            else:
                for _, future in batch:
                    if not future.done():
                        future.set_result(None)
