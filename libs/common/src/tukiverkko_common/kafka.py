"""Kafka client construction: one place that knows acks, idempotence, timeouts and security."""

import asyncio
import contextlib
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context

from tukiverkko_common.settings import ServiceSettings


def security_options(settings: ServiceSettings) -> dict[str, Any]:
    """Return the TLS and SASL arguments of every Kafka client (producer, consumer, admin).

    One function, so no client connects with less than the settings ask for. TLS always
    verifies the broker's certificate and host name (`create_ssl_context`).
    """
    protocol = settings.kafka_security_protocol
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol in ("SSL", "SASL_SSL"):
        options["ssl_context"] = create_ssl_context(
            cafile=settings.kafka_ssl_cafile,
            certfile=settings.kafka_ssl_certfile,
            keyfile=settings.kafka_ssl_keyfile,
            # An encrypted key fails to load rather than prompting on a terminal nobody sees.
            password="" if settings.kafka_ssl_keyfile else None,
        )
    if protocol.startswith("SASL_"):
        password = settings.kafka_sasl_password
        options |= {
            "sasl_mechanism": settings.kafka_sasl_mechanism,
            "sasl_plain_username": settings.kafka_sasl_username,
            "sasl_plain_password": password.get_secret_value() if password else None,
        }
    return options


def make_producer(settings: ServiceSettings) -> AIOKafkaProducer:
    """Return an unstarted producer: acks=all; idempotent only where the broker supports it."""
    return AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        client_id=f"{settings.service_name}-producer",
        acks="all",
        enable_idempotence=settings.kafka_idempotent_producer,
        request_timeout_ms=settings.kafka_request_timeout_ms,
        linger_ms=2,
        **security_options(settings),
    )


def make_consumer(settings: ServiceSettings, *topics: str, group_id: str) -> AIOKafkaConsumer:
    """Return an unstarted consumer that commits offsets only when told to."""
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=settings.bootstrap_servers,
        client_id=f"{settings.service_name}-consumer",
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        request_timeout_ms=max(settings.kafka_request_timeout_ms, 40_000),
        metadata_max_age_ms=5_000,
        # Apache Kafka answers a fetch as soon as data arrives; the embedded broker holds
        # it for the whole wait, so the wait bounds end-to-end latency there.
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        **security_options(settings),
    )


async def ensure_topics(settings: ServiceSettings, topics: list[str]) -> None:
    """Create missing topics (and their dead-letter topics); existing ones are left alone."""
    wanted = sorted({t for topic in topics for t in (topic, f"{topic}.dlq")})
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers,
        request_timeout_ms=settings.kafka_request_timeout_ms,
        **security_options(settings),
    )
    try:
        await admin.start()
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(t, settings.kafka_partitions, settings.kafka_replication)
            for t in wanted
            if t not in existing
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(missing)
    finally:
        await stop_client(admin)


_abandoned: set[asyncio.Task] = set()


async def stop_client(
    client: AIOKafkaConsumer | AIOKafkaProducer | AIOKafkaAdminClient, timeout: float = 3.0
) -> bool:
    """Stop a Kafka client without letting a dead broker hang the caller; True if it stopped.

    aiokafka's stop() can wait on a coordinator that never answers and does not always
    yield to cancellation, so `wait_for` alone can hang. The stop runs as its own task
    and is abandoned (kept referenced until it ends) when it overruns.
    """
    close = client.close if isinstance(client, AIOKafkaAdminClient) else client.stop
    task = asyncio.create_task(close())
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        _abandoned.add(task)
        task.add_done_callback(_abandoned.discard)
        return False
    # A stop that was cancelled inside aiokafka must not cancel the caller's loop.
    return not task.cancelled() and task.exception() is None
