"""Settings of the consent service (environment prefix CONSENT_)."""

from pydantic_settings import SettingsConfigDict

from tukiverkko_common.settings import ServiceSettings


class ConsentSettings(ServiceSettings):
    """ServiceSettings plus the consent service's own knobs."""

    model_config = SettingsConfigDict(env_prefix="CONSENT_", extra="ignore", populate_by_name=True)

    service_name: str = "consent"
    expiry_sweep_seconds: float = 15.0
    """How often this process looks for consents whose validity has ended."""
    expiry_batch_size: int = 500
    list_limit_default: int = 50
    list_limit_max: int = 200
    access_report_months: int = 24
    """How far back a subject's access report reaches (the default and the maximum)."""
    access_report_max_entries: int = 5_000
    controller_name: str = "Tukiverkko pilot wellbeing region"
    controller_contact: str = "Data protection officer"
    controller_address: str = "PL 1, 00001 Hyvinvointialue, Finland"
    controller_email: str = "tietosuoja@tukiverkko.example"
    controller_phone: str = "+358 29 000 0000"
    controller_url: str = "https://tukiverkko.example"
    privacy_policy_url: str = "https://tukiverkko.example/tietosuojaseloste"
    jurisdiction: str = "FI"
