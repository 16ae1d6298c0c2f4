"""Gateway settings (env prefix GATEWAY_); secrets with development defaults are refused elsewhere."""

from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from tukiverkko_common.settings import ServiceSettings

# Development defaults only: the settings validator refuses them outside development.
DEV_SIGNING_KEY = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIHR1a2l2ZXJra28tZ2F0ZXdheS1kZXYtb25seS1rZXkh\n"
    "-----END PRIVATE KEY-----\n"
)
DEV_PSEUDONYM_KEY = "dev-pseudonym-key-not-for-production"
DEV_WEBHOOK_KEY = "dev-webhook-key-not-for-production"

Role = Literal["wellbeing_region", "municipality", "service_provider", "ngo", "dashboard"]


class GatewaySettings(ServiceSettings):
    """Everything the gateway needs: token issuing and checking, upstreams, limits, streams, webhooks."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)

    service_name: str = "gateway"
    upstreams: dict[str, str] = Field(
        default_factory=dict, validation_alias=AliasChoices("upstreams", "TUKIVERKKO_UPSTREAMS")
    )
    """Base URL per upstream service, e.g. {"plans": "http://127.0.0.1:8101"}."""

    # Tokens the gateway issues (client credentials). EdDSA is fixed in code.
    token_issuer: str = "https://gateway.tukiverkko.localhost"
    public_url: str | None = None
    """The gateway's public base URL, for server metadata and redirects (never the Host header).

    Unset: the token issuer's URL in metadata, and redirects relative to the request."""
    token_audience: str = "tukiverkko-api"
    token_ttl_seconds: int = Field(default=300, ge=30, le=3600)
    signing_key: SecretStr = Field(
        default=SecretStr(DEV_SIGNING_KEY),
        validation_alias=AliasChoices(
            "signing_key", "GATEWAY_SIGNING_KEY", "GATEWAY_SIGNING_KEY_PEM"
        ),
    )
    """PEM (PKCS#8) Ed25519 private key for access tokens (`tukiverkko-admin keygen` makes one)."""

    # A wellbeing region's own identity provider (OIDC); off unless the issuer is set.
    oidc_issuer: str | None = None
    oidc_jwks_url: str | None = None
    oidc_audience: str | None = None
    oidc_organisation_claim: str = "organisation"
    """Claim naming the user's organisation by its registered `oidc_organisation` alias only."""
    oidc_jwks_cache_seconds: float = 300.0

    pseudonym_key: SecretStr = SecretStr(DEV_PSEUDONYM_KEY)
    """Key of the HMAC that pseudonymises client ids in streams and user ids in access logs."""
    webhook_secret_key: SecretStr = SecretStr(DEV_WEBHOOK_KEY)
    """Master key from which each webhook subscription's signing secret is derived."""

    # Protection.
    rate_limit_per_second: float = 50.0
    rate_limit_burst: int = 100
    rate_limit_shared: bool = False
    """Count the per-request limit in the database for every replica. Off (the default), each
    replica counts alone: behind N replicas a caller gets up to N × the rate and burst (set
    them divided by N for an exact total). Sharing it kept 59–77 % of a plan read's
    throughput (bench/gateway_limits.py). Token and login limits are always shared."""
    token_endpoint_per_minute: int = 30
    """Token requests per (client id, address) and minute; ten times as many per address."""
    token_hash_concurrency: int = Field(default=2, ge=1, le=64)
    """Secret checks running at once: each Argon2id verification holds 64 MiB while it runs."""
    token_hash_queue: int = Field(default=32, ge=0)
    """Logins waiting for a check; more are answered 503 with Retry-After at once."""
    token_hash_wait_seconds: float = Field(default=5.0, gt=0)
    """How long a login waits for a check before it is answered 503."""
    token_lockout_failures: int = Field(default=5, ge=1)
    """Wrong secrets from one address for one client id before that pair is locked."""
    token_lockout_seconds: float = Field(default=300.0, gt=0)
    max_body_bytes: int = 256 * 1024
    max_page_size: int = 100
    max_sync_page_size: int = Field(default=500, ge=1, le=1000)
    """Page cap of an incremental sync (`modified_after` on a list of clients' items): the
    services' own page cap (plans 500, consent 200), so a region's resync takes few pages."""
    metrics_scrape_addresses: list[str] = Field(default_factory=list)
    """Addresses or networks allowed to read /metrics without the internal credential.

    In development the host's loopback is added (`make run`); in production only these."""

    # Upstreams.
    upstream_transport: Literal["aiohttp", "httpx"] = "aiohttp"
    upstream_timeout_seconds: float = 5.0
    upstream_connect_timeout_seconds: float = 1.0
    upstream_retries: int = 2
    upstream_retry_backoff_seconds: float = 0.05
    upstream_max_connections: int = 200
    overview_part_timeout_seconds: float = 2.0
    breaker_failure_threshold: int = 5
    breaker_reset_seconds: float = 10.0
    ownership_cache_seconds: float = 60.0
    registry_cache_seconds: float = 5.0
    """How long an organisation or client lookup is reused: a revocation takes effect within this."""
    audit_timeout_seconds: float = 3.0
    audit_publish_delay_seconds: float = Field(default=0.25, ge=0.0, le=5.0)
    """Audit events are durable at commit; the relay publishes them in batches at most this late.

    A relay batch costs about as much CPU whether it carries one event or thirty, and a
    read produces one or two audit events: batching them keeps the relay from competing
    with the reads themselves. A quarter of a second is invisible in a client's access report."""

    # Dashboards (SSE).
    sse_poll_seconds: float = 0.02
    sse_heartbeat_seconds: float = 15.0
    sse_batch_size: int = 200

    # Provider webhooks.
    webhook_backoff_seconds: list[float] = Field(
        default_factory=lambda: [5.0, 30.0, 120.0, 600.0, 3600.0]
    )
    webhook_timeout_seconds: float = 5.0
    webhook_poll_seconds: float = 0.5
    webhook_allow_insecure_targets: bool | None = None
    """http:// and private addresses as webhook targets; defaults to allowed only in development/test."""

    @field_validator("upstreams")
    @classmethod
    def _strip_slashes(cls, value: dict[str, str]) -> dict[str, str]:
        return {name: url.rstrip("/") for name, url in value.items() if url}

    def unsafe_defaults(self) -> dict[str, bool]:
        """Add the gateway's own secrets to the base checks."""
        return super().unsafe_defaults() | {
            "signing_key": self.signing_key.get_secret_value() == DEV_SIGNING_KEY,
            "pseudonym_key": self.pseudonym_key.get_secret_value() == DEV_PSEUDONYM_KEY,
            "webhook_secret_key": self.webhook_secret_key.get_secret_value() == DEV_WEBHOOK_KEY,
        }

    @property
    def insecure_webhooks_allowed(self) -> bool:
        """Return whether webhook targets may be plain http or private addresses."""
        if self.webhook_allow_insecure_targets is not None:
            return self.webhook_allow_insecure_targets
        return self.environment != "production"

    @property
    def max_webhook_attempts(self) -> int:
        """Return the first try plus one retry per backoff step."""
        return len(self.webhook_backoff_seconds) + 1
