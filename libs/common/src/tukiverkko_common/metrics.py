"""Prometheus metrics of one process, in a registry of its own (several apps may share a test process)."""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    """HTTP, outbox, consumer and dead-letter metrics for one service."""

    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        labels = {"service": service}
        self.http_requests = Counter(
            "http_requests_total",
            "HTTP requests",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.http_latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency",
            ["route", "method"],
            registry=self.registry,
        )
        self.outbox_backlog = Gauge(
            "outbox_backlog", "Outbox rows not yet published", registry=self.registry
        )
        self.outbox_published = Counter(
            "outbox_published_total", "Events published", registry=self.registry
        )
        self.outbox_parked = Gauge(
            "outbox_parked",
            "Outbox rows parked after repeated publish failures (see `make admin ARGS='outbox parked'`)",
            registry=self.registry,
        )
        self.broker_up = Gauge(
            "broker_up",
            "1 while a bootstrap server answers, 0 during an outage",
            registry=self.registry,
        )
        self.loop_restarts = Counter(
            "background_loop_restarts_total",
            "Background loops restarted after a crash",
            ["loop"],
            registry=self.registry,
        )
        self.relay_leader = Gauge(
            "outbox_relay_leader",
            "1 while this process holds the relay lease",
            registry=self.registry,
        )
        self.consumer_lag = Gauge(
            "consumer_lag",
            "Messages behind the high watermark",
            ["topic", "partition"],
            registry=self.registry,
        )
        self.consumed = Counter(
            "consumer_processed_total", "Messages handled", ["outcome"], registry=self.registry
        )
        self.dlq = Counter(
            "consumer_dead_lettered_total",
            "Messages sent to a dead-letter topic",
            registry=self.registry,
        )
        self.info = Gauge("service_info", "Service identity", list(labels), registry=self.registry)
        self.info.labels(**labels).set(1)
