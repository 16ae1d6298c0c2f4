"""Settings base shared by every deployable; each service subclasses it with its own prefix."""

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_INTERNAL_TOKEN = "dev-internal-token-not-for-production"


class ServiceSettings(BaseSettings):
    """Settings every service has. Subclasses set `env_prefix` and `service_name`."""

    model_config = SettingsConfigDict(
        env_prefix="TUKIVERKKO_", extra="ignore", populate_by_name=True
    )

    service_name: str = "service"
    environment: Literal["development", "test", "production"] = Field(
        default="production", validation_alias=AliasChoices("environment", "TUKIVERKKO_ENV")
    )
    """Unset means production: development secrets and conveniences must be asked for by name."""
    data_dir: Path = Field(
        default=Path("var"), validation_alias=AliasChoices("data_dir", "TUKIVERKKO_DATA_DIR")
    )
    database_url: str | None = None
    database_pool_size: int = Field(
        default=32,
        ge=1,
        le=500,
        description="PostgreSQL connections a process keeps open once it has needed them; with"
        " `database_max_overflow`, what each replica may hold (size the server's"
        " max_connections for every replica and worker)",
    )
    database_max_overflow: int = Field(
        default=16,
        ge=0,
        le=500,
        description="PostgreSQL connections opened beyond the pool at peaks, closed when returned",
    )
    kafka_bootstrap_servers: str | None = Field(
        default=None,
        validation_alias=AliasChoices("kafka_bootstrap_servers", "KAFKA_BOOTSTRAP_SERVERS"),
    )
    kafka_idempotent_producer: bool = Field(
        default=False,
        validation_alias=AliasChoices("kafka_idempotent_producer", "KAFKA_IDEMPOTENT_PRODUCER"),
    )
    kafka_request_timeout_ms: int = 10_000
    kafka_fetch_max_wait_ms: int = Field(
        default=20,
        validation_alias=AliasChoices("kafka_fetch_max_wait_ms", "KAFKA_FETCH_MAX_WAIT_MS"),
    )
    kafka_partitions: int = Field(
        default=6, validation_alias=AliasChoices("kafka_partitions", "KAFKA_PARTITIONS")
    )
    kafka_replication: int = Field(
        default=1, validation_alias=AliasChoices("kafka_replication", "KAFKA_REPLICATION")
    )
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT",
        validation_alias=AliasChoices("kafka_security_protocol", "KAFKA_SECURITY_PROTOCOL"),
    )
    """How every Kafka client connects; SSL verifies the broker against `kafka_ssl_cafile`."""
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        default="SCRAM-SHA-512",
        validation_alias=AliasChoices("kafka_sasl_mechanism", "KAFKA_SASL_MECHANISM"),
    )
    kafka_sasl_username: str | None = Field(
        default=None, validation_alias=AliasChoices("kafka_sasl_username", "KAFKA_SASL_USERNAME")
    )
    kafka_sasl_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("kafka_sasl_password", "KAFKA_SASL_PASSWORD")
    )
    kafka_ssl_cafile: Path | None = Field(
        default=None, validation_alias=AliasChoices("kafka_ssl_cafile", "KAFKA_SSL_CAFILE")
    )
    """PEM of the CA that signed the brokers' certificates (unset: the system's CAs)."""
    kafka_ssl_certfile: Path | None = Field(
        default=None, validation_alias=AliasChoices("kafka_ssl_certfile", "KAFKA_SSL_CERTFILE")
    )
    """Client certificate (PEM) for mutual TLS, with `kafka_ssl_keyfile` (an unencrypted PEM key)."""
    kafka_ssl_keyfile: Path | None = Field(
        default=None, validation_alias=AliasChoices("kafka_ssl_keyfile", "KAFKA_SSL_KEYFILE")
    )
    kafka_allow_plaintext_sasl: bool = Field(
        default=False,
        validation_alias=AliasChoices("kafka_allow_plaintext_sasl", "KAFKA_ALLOW_PLAINTEXT_SASL"),
    )
    """Production refuses SASL_PLAINTEXT (credentials readable on the wire) unless this is set."""
    internal_token: SecretStr = Field(
        default=SecretStr(DEV_INTERNAL_TOKEN),
        validation_alias=AliasChoices("internal_token", "TUKIVERKKO_INTERNAL_TOKEN"),
    )
    forwarded_allow_ips: str = Field(
        default="",
        validation_alias=AliasChoices("forwarded_allow_ips", "TUKIVERKKO_FORWARDED_ALLOW_IPS"),
    )
    """Proxy addresses (comma-separated, networks allowed) whose X-Forwarded-For is believed.

    None by default: anyone on the host (uvicorn trusts 127.0.0.1 unless told) could
    otherwise pose as any address, and the token endpoint's limits are per address."""
    run_workers: bool = True
    migrate_on_start: bool = True
    outbox_poll_seconds: float = 1.0
    outbox_batch_size: int = 500
    relay_lease_seconds: float = 10.0
    outbox_max_attempts: int = 5
    """Publish attempts a row may fail on its own (too large, unserialisable) before it is parked."""
    consumer_max_attempts: int = 4
    consumer_batch_size: int = 100
    consumer_backoff_seconds: float = 0.2
    consumer_backoff_max_seconds: float = 5.0
    shutdown_timeout_seconds: float = 8.0
    worker_health_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("worker_health_port", "TUKIVERKKO_WORKER_HEALTH_PORT"),
    )
    """Port of a worker process's health endpoint (worker_health.py); unset: none, 0: any free one."""
    worker_health_host: str = Field(
        default="127.0.0.1",
        validation_alias=AliasChoices("worker_health_host", "TUKIVERKKO_WORKER_HEALTH_HOST"),
    )
    """Address it listens on: the loopback for `make run` and compose, 0.0.0.0 for kubelet probes."""
    worker_stall_seconds: float = Field(
        default=120.0,
        gt=0,
        validation_alias=AliasChoices("worker_stall_seconds", "TUKIVERKKO_WORKER_STALL_SECONDS"),
    )
    """A relay, consumer or broker watch silent this long is wedged (its longest retry wait is 30 s)."""
    log_level: str = "INFO"
    log_json: bool = True

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> "ServiceSettings":
        if self.environment != "development":
            for name, value in self.unsafe_defaults().items():
                if value:
                    raise ValueError(
                        f"{name} uses its development default; set it for {self.environment}"
                    )
        return self

    @model_validator(mode="after")
    def _check_kafka_security(self) -> "ServiceSettings":
        problem = kafka_security_problem(self)
        if problem:
            raise ValueError(problem)
        return self

    def unsafe_defaults(self) -> dict[str, bool]:
        """Return which secrets still hold development defaults; subclasses add theirs."""
        return {"internal_token": self.internal_token.get_secret_value() == DEV_INTERNAL_TOKEN}

    def uvicorn_proxy_options(self) -> dict[str, Any]:
        """Return uvicorn's proxy options: forwarded headers only from the configured proxies."""
        return uvicorn_proxy_options(self.forwarded_allow_ips)

    @property
    def effective_database_url(self) -> str:
        """Return the configured database URL or this service's SQLite file under data_dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / f'{self.service_name}.db').as_posix()}"

    @property
    def bootstrap_servers(self) -> str:
        """Return the Kafka bootstrap servers; the launcher sets them for the embedded broker."""
        if not self.kafka_bootstrap_servers:
            raise RuntimeError(
                "KAFKA_BOOTSTRAP_SERVERS is not set (the launcher sets it for the embedded broker)"
            )
        return self.kafka_bootstrap_servers


def kafka_security_problem(settings: ServiceSettings) -> str | None:
    """Return what is wrong with the Kafka security settings, naming the field, or None."""
    protocol = settings.kafka_security_protocol
    sasl, tls = protocol.startswith("SASL_"), protocol in ("SSL", "SASL_SSL")
    if sasl and not settings.kafka_sasl_username:
        return f"kafka_sasl_username is required with kafka_security_protocol={protocol}"
    if sasl and not (
        settings.kafka_sasl_password and settings.kafka_sasl_password.get_secret_value()
    ):
        return f"kafka_sasl_password is required with kafka_security_protocol={protocol}"
    for name in ("kafka_ssl_cafile", "kafka_ssl_certfile", "kafka_ssl_keyfile"):
        if getattr(settings, name) is not None and not tls:
            return f"{name} is set but kafka_security_protocol={protocol} does not use TLS"
    if (settings.kafka_ssl_certfile is None) != (settings.kafka_ssl_keyfile is None):
        return "kafka_ssl_certfile and kafka_ssl_keyfile go together (mutual TLS)"
    refused = settings.environment == "production" and not settings.kafka_allow_plaintext_sasl
    if protocol == "SASL_PLAINTEXT" and refused:
        return (
            "kafka_security_protocol=SASL_PLAINTEXT sends the SASL credentials unencrypted; use"
            " SASL_SSL, or set kafka_allow_plaintext_sasl on a network you trust"
        )
    return None


def uvicorn_proxy_options(forwarded_allow_ips: str) -> dict[str, Any]:
    """Return uvicorn.Config options that believe X-Forwarded-For only from these addresses."""
    allowed = ",".join(a.strip() for a in forwarded_allow_ips.split(",") if a.strip())
    if not allowed:
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    return {"proxy_headers": True, "forwarded_allow_ips": allowed}


def uvicorn_proxy_args(forwarded_allow_ips: str) -> list[str]:
    """Return the same options as uvicorn command-line arguments."""
    options = uvicorn_proxy_options(forwarded_allow_ips)
    if not options["proxy_headers"]:
        return ["--no-proxy-headers"]
    return ["--proxy-headers", "--forwarded-allow-ips", options["forwarded_allow_ips"]]
