"""Inbound event handlers: a table event type → handler, for the inbox consumer."""

from collections.abc import Callable, Mapping

from gateway.pseudonym import Pseudonymiser
from gateway.stream import contracts_of, record_for_stream, stream_topics
from gateway.webhooks import queue_deliveries
from tukiverkko_common.consumer import Handler
from tukiverkko_common.events import CloudEvent
from tukiverkko_common.uow import UnitOfWork


def build_handlers(
    pseudonyms: Pseudonymiser, on_record: Callable[[], None] | None = None
) -> Mapping[str, Handler]:
    """Return a handler for every contract on the consumed topics: stream record + webhook fan-out.

    `on_record` is told when a stream record is written (the SSE hub of this process).
    """

    def handler_for(topic: str) -> Handler:
        async def handle(uow: UnitOfWork, event: CloudEvent) -> None:
            await record_for_stream(uow, event, pseudonyms, topic)
            await queue_deliveries(uow, event)
            if on_record is not None:
                on_record()

        return handle

    return {
        event_type: handler_for(topic)
        for event_type, topic in contracts_of(stream_topics()).items()
    }
