"""Settings of the resources service (environment prefix RESOURCES_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from tukiverkko_common.settings import ServiceSettings


class ResourcesSettings(ServiceSettings):
    """ServiceSettings plus the resources service's own knobs."""

    model_config = SettingsConfigDict(
        env_prefix="RESOURCES_", extra="ignore", populate_by_name=True
    )

    service_name: str = "resources"
    consent_url: str = "http://localhost:8104"
    """Base URL of the consent service, asked for the inclusion decision when a card is created."""
    upstreams: dict[str, str] = Field(default_factory=dict)
    """Other services' base URLs by name (a test platform passes them); `consent` wins over consent_url."""
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
        return self.upstreams.get("consent") or self.consent_url
