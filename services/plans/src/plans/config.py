"""Settings of the plans service (env prefix PLANS_), built when the app is created."""

import copy
from datetime import time
from typing import Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from tukiverkko_common.settings import ServiceSettings

DEV_IDENTITY_KEY = "dev-identity-hash-key-not-for-production"  # refused outside development
DEFAULT_PHASE_HOURS: dict[str, float] = {
    "readiness_assessment": 11,
    "intensive": 11,
    "normal": 7,
    "light": 4,
}

DEFAULT_FOLLOW_UP: dict[str, dict[str, int]] = {
    # Seed 003: intervene in disturbances at once, in every phase.
    "disturbance": dict.fromkeys((*DEFAULT_PHASE_HOURS, "none"), 0),
    # Intensified rent follow-up in the intensive phase; the light phase follows the rent ledger.
    "rent_payment": {
        "readiness_assessment": 1,
        "intensive": 1,
        "normal": 3,
        "light": 5,
        "none": 5,
    },
}


class PlansSettings(ServiceSettings):
    """Phase amounts per region, the shortfall threshold, task due times and the identity key."""

    model_config = SettingsConfigDict(env_prefix="PLANS_", extra="ignore", populate_by_name=True)

    service_name: str = "plans"
    phase_hours: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {"default": dict(DEFAULT_PHASE_HOURS)}
    )
    """Client-work hours per month by phase; key "default" plus optional per-region overrides."""
    shortfall_threshold: float = Field(default=0.8, gt=0, le=1)
    """An agreed service or phase's client work whose delivered/planned ratio is below this falls short."""
    shortfall_threshold_by_region: dict[str, float] = Field(default_factory=dict)
    """A region's own tolerance (wellbeing region code -> ratio), overriding the default."""
    follow_up_working_days: dict[str, dict[str, dict[str, int]]] = Field(
        default_factory=lambda: {"default": copy.deepcopy(DEFAULT_FOLLOW_UP)}
    )
    """Working days from the observation day until an intervention task is due, per region
    ("default" plus overrides), kind and the client's phase on that day (0: the same working
    day; "none": no phase)."""
    working_day_ends_at: time = time(16, 0)
    """When a working day ends in Helsinki: a task is due then on its due day."""
    auto_escalate_tasks: bool = True
    """Escalate overdue intervention tasks to the area coordinator in the worker loop."""
    escalation_interval_seconds: float = 300.0
    identity_hash_key: SecretStr = SecretStr(DEV_IDENTITY_KEY)
    """Key of the HMAC that finds duplicate identity codes without scanning the codes."""
    accept_temporary_identity_codes: bool = True
    """Accept individual numbers 900-999 (temporary and test codes)."""
    auto_close_months: bool = True
    """Detect last month's shortfalls automatically in the worker loop (see realisation docs)."""
    auto_close_after_day: int = Field(default=5, ge=1, le=28)
    """Day of the following month from which the previous month is closed automatically."""
    auto_close_interval_seconds: float = 3600.0

    @field_validator("phase_hours")
    @classmethod
    def _complete_phase_hours(
        cls, value: dict[str, dict[str, float]]
    ) -> dict[str, dict[str, float]]:
        default = {**DEFAULT_PHASE_HOURS, **value.get("default", {})}
        for region, hours in value.items():
            unknown = set(hours) - set(DEFAULT_PHASE_HOURS)
            if unknown:
                raise ValueError(f"phase_hours[{region}] names unknown phases {sorted(unknown)}")
        return {
            "default": default,
            **{r: {**default, **h} for r, h in value.items() if r != "default"},
        }

    def unsafe_defaults(self) -> dict[str, bool]:
        """Add the identity hash key to the secrets refused outside development."""
        return {
            **super().unsafe_defaults(),
            "identity_hash_key": self.identity_hash_key.get_secret_value() == DEV_IDENTITY_KEY,
        }

    @field_validator("shortfall_threshold_by_region")
    @classmethod
    def _thresholds_are_ratios(cls, value: dict[str, float]) -> dict[str, float]:
        bad = sorted(region for region, ratio in value.items() if not 0 < ratio <= 1)
        if bad:
            raise ValueError(f"thresholds must be in (0, 1]: {bad}")
        return value

    def threshold(self, region: str | None) -> float:
        """Return the shortfall tolerance of a region (the default when it has none)."""
        return self.shortfall_threshold_by_region.get(region or "", self.shortfall_threshold)

    @field_validator("follow_up_working_days")
    @classmethod
    def _complete_follow_up(
        cls, value: dict[str, dict[str, dict[str, int]]]
    ) -> dict[str, dict[str, dict[str, int]]]:
        def merged(base: dict[str, dict[str, int]], over: dict[str, dict[str, int]]) -> Any:
            unknown = set(over) - set(DEFAULT_FOLLOW_UP)
            if unknown:
                raise ValueError(f"follow_up_working_days names unknown kinds {sorted(unknown)}")
            return {k: {**base[k], **over.get(k, {})} for k in base}

        default = merged(DEFAULT_FOLLOW_UP, value.get("default", {}))
        return {"default": default} | {
            r: merged(default, v) for r, v in value.items() if r != "default"
        }

    def follow_up_days(self, region: str | None, kind: str, phase: str | None) -> int:
        """Return the working days until a follow-up task of `kind` is due in the phase."""
        rules = self.follow_up_working_days.get(
            region or "", self.follow_up_working_days["default"]
        )
        return rules[kind].get(phase or "none", rules[kind]["none"])

    def phase_minutes(self, region: str | None, phase: str) -> int:
        """Return the planned client-work minutes per month for a phase in a region."""
        hours = self.phase_hours.get(region or "default", self.phase_hours["default"])
        return round(hours[phase] * 60)
