"""Inbox consumer: handle each event once, commit the offset only after the handler's transaction."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tukiverkko_common import context
from tukiverkko_common.backoff import backoff_delay
from tukiverkko_common.broker_watch import BrokerWatch
from tukiverkko_common.clock import utcnow
from tukiverkko_common.events import CloudEvent, InvalidEnvelope
from tukiverkko_common.heartbeats import no_beat
from tukiverkko_common.kafka import ensure_topics, make_consumer, make_producer, stop_client
from tukiverkko_common.metrics import Metrics
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.uow import UnitOfWork

log = logging.getLogger(__name__)

Handler = Callable[[UnitOfWork, CloudEvent], Awaitable[None]]
UowFactory = Callable[[], UnitOfWork]


class PermanentError(Exception):
    """A handler error that retrying cannot fix; the message goes to the dead-letter topic at once."""


class InboxConsumer:
    """Consume topics in a group; each event's effects and its inbox row commit together."""

    def __init__(
        self,
        *,
        name: str,
        topics: list[str],
        handlers: Mapping[str, Handler],
        uow_factory: UowFactory,
        settings: ServiceSettings,
        metrics: Metrics,
        broker_watch: BrokerWatch,
    ) -> None:
        self.name = name
        self._watch = broker_watch
        self._topics = topics
        self._handlers = handlers
        self._uow_factory = uow_factory
        self._settings = settings
        self._metrics = metrics
        self._consumer: AIOKafkaConsumer | None = None
        self.connected = False
        # Off only in fault tests, to show what the inbox prevents: no inbox reads or rows,
        # so every delivered copy of an event is applied.
        self.inbox = True
        self.heartbeat: Callable[[], None] = no_beat

    async def run(self) -> None:
        """Consume until cancelled, reconnecting with backoff when the broker goes away."""
        failures = 0
        while True:
            self.heartbeat()
            try:
                await self._consume()
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # broker trouble: reconnect; uncommitted work is redelivered
                failures += 1
                log.warning(
                    "consumer %s error, reconnecting: %s: %s",
                    self.name,
                    type(exc).__name__,
                    str(exc)[:200],
                )
            finally:
                await self._close()
            if failures:
                await asyncio.sleep(backoff_delay(failures, base=0.5, cap=10.0))

    async def _consume(self) -> None:
        while not self._watch.up:
            self.heartbeat()
            await asyncio.sleep(0.2)
        generation = self._watch.generation
        await ensure_topics(self._settings, self._topics)
        consumer = make_consumer(self._settings, *self._topics, group_id=self.name)
        self._consumer = consumer
        await consumer.start()
        self.connected = True
        while self._watch.generation == generation:
            self.heartbeat()
            batches = await consumer.getmany(timeout_ms=500, max_records=500)
            for tp, records in batches.items():
                for start in range(0, len(records), self._settings.consumer_batch_size):
                    self.heartbeat()
                    await self._process_batch(
                        records[start : start + self._settings.consumer_batch_size]
                    )
                try:
                    await consumer.commit({tp: records[-1].offset + 1})
                except CommitFailedError:
                    # Rebalanced away: the new owner redelivers, and the inbox makes that a no-op.
                    log.info("offset commit lost to a rebalance", extra={"consumer": self.name})
                self._record_lag(consumer, tp, records[-1].offset + 1)

    async def _close(self) -> None:
        consumer, self._consumer = self._consumer, None
        self.connected = False
        if consumer is not None and not await stop_client(consumer):
            log.info("consumer did not stop cleanly", extra={"consumer": self.name})

    def _record_lag(self, consumer: AIOKafkaConsumer, tp: TopicPartition, next_offset: int) -> None:
        highwater = consumer.highwater(tp)
        if highwater is not None:
            self._metrics.consumer_lag.labels(tp.topic, str(tp.partition)).set(
                max(highwater - next_offset, 0)
            )

    async def _process_batch(self, records: list[ConsumerRecord]) -> None:
        """Apply a partition's records in one transaction; on any trouble fall back to one by one.

        The fast path saves a transaction per event. A failing handler rolls the whole
        batch back, and the slow path then gives each record its own retries and DLQ.
        """
        if len(records) > 1:
            try:
                parsed = [(r, CloudEvent.from_kafka(r.headers, r.value)) for r in records]
                outcomes = await self._apply_all(parsed)
            except Exception:
                outcomes = None
            if outcomes is not None:
                for outcome in outcomes:
                    self._metrics.consumed.labels(outcome).inc()
                return
        for record in records:
            await self._process(record)

    async def _apply_all(self, parsed: list[tuple[ConsumerRecord, CloudEvent]]) -> list[str]:
        async with self._uow_factory() as uow:
            inbox = uow.tables.inbox
            ids = [event.id for _, event in parsed]
            connection = await uow.session.connection()
            seen = set(
                (
                    await connection.execute(
                        select(inbox.c.event_id).where(
                            inbox.c.consumer == self.name, inbox.c.event_id.in_(ids)
                        )
                    )
                ).scalars()
                if self.inbox
                else ()
            )
            outcomes = []
            processed = []
            for record, event in parsed:
                handler = self._handlers.get(event.type)
                if handler is None:
                    outcomes.append("ignored")
                elif event.id in seen:
                    outcomes.append("duplicate")
                else:
                    context.correlation_id.set(event.correlationid)
                    context.traceparent.set(event.traceparent)
                    await handler(uow, event)
                    outcomes.append("applied")
                    if self.inbox:
                        processed.append(self._inbox_row(event, record))
                        seen.add(event.id)
            if processed:  # one statement for the batch's inbox rows
                await connection.execute(inbox.insert(), processed)
            await uow.commit()
        return outcomes

    def _inbox_row(self, event: CloudEvent, record: ConsumerRecord) -> dict:
        return {
            "consumer": self.name,
            "event_id": event.id,
            "event_type": event.type,
            "topic": record.topic,
            "partition": record.partition,
            "offset": record.offset,
            "processed_at": utcnow(),
        }

    async def _process(self, record: ConsumerRecord) -> None:
        try:
            event = CloudEvent.from_kafka(record.headers, record.value)
        except InvalidEnvelope as exc:
            await self._dead_letter(record, exc, attempts=1)
            return
        handler = self._handlers.get(event.type)
        if handler is None:
            self._metrics.consumed.labels("ignored").inc()
            return
        context.correlation_id.set(event.correlationid)
        context.traceparent.set(event.traceparent)
        attempt = 0
        while True:
            attempt += 1
            try:
                outcome = await self._apply(handler, event, record)
                self._metrics.consumed.labels(outcome).inc()
                return
            except Exception as exc:
                permanent = isinstance(exc, PermanentError)
                if permanent or attempt >= self._settings.consumer_max_attempts:
                    await self._dead_letter(record, exc, attempts=attempt)
                    return
                delay = backoff_delay(
                    attempt,
                    base=self._settings.consumer_backoff_seconds,
                    cap=self._settings.consumer_backoff_max_seconds,
                )
                log.warning(
                    "handler failed, retrying",
                    extra={"consumer": self.name, "event_type": event.type, "attempt": attempt},
                )
                await asyncio.sleep(delay)

    async def _apply(self, handler: Handler, event: CloudEvent, record: ConsumerRecord) -> str:
        if not self.inbox:
            async with self._uow_factory() as uow:
                await handler(uow, event)
                await uow.commit()
            return "applied"
        async with self._uow_factory() as uow:
            inbox = uow.tables.inbox
            seen = await uow.session.execute(
                select(inbox.c.event_id).where(
                    inbox.c.consumer == self.name, inbox.c.event_id == event.id
                )
            )
            if seen.first() is not None:
                return "duplicate"
            await handler(uow, event)
            await uow.session.execute(inbox.insert().values(**self._inbox_row(event, record)))
            try:
                await uow.commit()
            except IntegrityError:
                # Another consumer may have applied it between our check and commit; anything
                # else is the handler's own constraint failing, which must retry, not vanish.
                if await self._already_applied(event.id):
                    return "duplicate"
                raise
        return "applied"

    async def _already_applied(self, event_id: str) -> bool:
        async with self._uow_factory() as uow:
            inbox = uow.tables.inbox
            found = await uow.session.execute(
                select(inbox.c.event_id).where(
                    inbox.c.consumer == self.name, inbox.c.event_id == event_id
                )
            )
            return found.first() is not None

    async def _dead_letter(
        self, record: ConsumerRecord, exc: BaseException, *, attempts: int
    ) -> None:
        headers = [
            *list(record.headers or ()),
            ("dlq_error_type", type(exc).__name__.encode()),
            ("dlq_error_message", str(exc)[:1000].encode()),
            ("dlq_original_topic", record.topic.encode()),
            ("dlq_original_partition", str(record.partition).encode()),
            ("dlq_original_offset", str(record.offset).encode()),
            ("dlq_attempts", str(attempts).encode()),
            ("dlq_consumer", self.name.encode()),
        ]
        producer = make_producer(self._settings)
        try:
            await producer.start()
            await producer.send_and_wait(
                f"{record.topic}.dlq", value=record.value, key=record.key, headers=headers
            )
        finally:
            await stop_client(producer)
        self._metrics.dlq.inc()
        log.error(
            "message dead-lettered",
            extra={
                "consumer": self.name,
                "topic": record.topic,
                "offset": record.offset,
                "error": type(exc).__name__,
            },
        )
