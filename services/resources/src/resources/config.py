"""Settings of the resources service (environment prefix RESOURCES_)."""

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from tukiverkko_common.settings import ServiceSettings


class ResourcesSettings(ServiceSettings):
    """ServiceSettings plus the resources service's own knobs."""

    model_config = SettingsConfigDict(
        env_prefix="RESOURCES_", extra="ignore", populate_by_name=True
    )

    service_name: str = "resources"
    consent_url: str | None = None
    """Base URL of the consent service, asked for the inclusion decision when a card is created."""
    upstreams: dict[str, str] = Field(
        default_factory=dict, validation_alias=AliasChoices("upstreams", "TUKIVERKKO_UPSTREAMS")
    )
    """Other services' base URLs by name (`make run` and the test platform pass them); an explicit
    consent_url wins."""
    consent_timeout_seconds: float = 5.0
    list_limit_default: int = 50
    list_limit_max: int = 200
    stale_unchanged_days: int = 180
    """A card unchanged this long is stale."""
    stale_uncontacted_days: int = 365
    """A card whose activity log has no entry this recent is stale."""
    stale_sweep_seconds: float = 3600.0
    """How often the staleness loop looks for cards to announce."""

    @property
    def consent_base_url(self) -> str:
        """Return where the consent service answers."""
        return self.consent_url or self.upstreams.get("consent") or "http://localhost:8104"
