"""Unit of work: one transaction for a use case's state change and its outbox rows."""

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from tukiverkko_common.clock import utcnow
from tukiverkko_common.db import WRITE, write_lock
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.tables import MessagingTables


class UnitOfWork:
    """Open a write transaction; `stage` events; `commit` writes them with the state, once."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tables: MessagingTables,
        *,
        source: str,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self.tables = tables
        self._source = source
        self._on_commit = on_commit
        self._staged: list[tuple[str, str, CloudEvent]] = []
        self.session: AsyncSession

    async def __aenter__(self) -> "UnitOfWork":
        self._lock = write_lock(self._sessions.kw["bind"])
        await self._lock.__aenter__()
        try:
            self.session = self._sessions()
            await self.session.connection(execution_options=WRITE)
        except BaseException:
            await self._lock.__aexit__(None, None, None)
            raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._staged.clear()
        try:
            await self.session.rollback()
            await self.session.close()
        finally:
            await self._lock.__aexit__(None, None, None)

    def stage(self, payload: EventData, *, key: str, subject: str | None = None) -> CloudEvent:
        """Queue an event to be written to the outbox in this transaction."""
        envelope = CloudEvent.wrap(payload, source=self._source, subject=subject or key)
        self._staged.append((payload.topic, key, envelope))
        return envelope

    async def commit(self) -> None:
        """Write staged events to the outbox, commit everything, then wake the relay."""
        if self._staged:
            now = utcnow()
            # Core insert on the session's connection: the ORM execute path costs more than the row.
            connection = await self.session.connection()
            await connection.execute(
                self.tables.outbox.insert(),
                [
                    {
                        "event_id": env.id,
                        "topic": topic,
                        "key": key,
                        "event_type": env.type,
                        "headers": [[k, v.decode()] for k, v in env.kafka_headers()],
                        "payload": env.body().decode(),
                        "created_at": now,
                    }
                    for topic, key, env in self._staged
                ],
            )
        await self.session.commit()
        had_events = bool(self._staged)
        self._staged.clear()
        if had_events and self._on_commit:
            self._on_commit()
