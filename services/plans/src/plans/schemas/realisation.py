"""Realisation (planned versus delivered client work) and access-support API models."""

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from plans.amounts import CONVERSION
from tukiverkko_common.suppression import Cell

HIDDEN_FOR_DASHBOARDS = "; null where hidden (a dashboard's cell of fewer than five clients)"


class VersionShare(BaseModel):
    """The minutes one approved plan version plans (a superseded version up to the next approval)."""

    plan_id: UUID
    version: int
    planned_minutes: int


class ComponentRow(BaseModel):
    """An agreed service, or a plan's phase client work, judged on its own against the threshold."""

    kind: Literal["service", "phase_work"]
    plan_id: UUID
    service_id: UUID | None
    service_type: str | None
    provider_organisation_id: UUID | None = Field(description="The producer; null for phase work")
    provider_sector: str | None
    phases: list[str] = Field(description="Phases planning the phase work (phase_work only)")
    planned_minutes: int
    delivered_minutes: int
    ratio: float | None
    shortfall: bool
    planned_by_version: list[VersionShare]


class RealisationRow(BaseModel):
    """One client's month: planned (approved versions' phases and formal agreed services) versus
    delivered minutes. `shortfall` is true when any agreed service or phase's client work fell
    below the threshold (`short_items` names them); the totals alone never decide it."""

    client_id: UUID
    plan_id: UUID
    month: str
    area_coordinator_id: str | None = Field(
        description="The coordinator of the client's housing network on the month's last day (or"
        " today), else the coordinator typed on the plan"
    )
    housing_network_id: UUID | None = Field(
        default=None, description="The housing network the client lived in on that day"
    )
    phase: str | None = Field(
        default=None,
        description="The support phase the client was in on that day (null without a phase)",
    )
    district: str | None
    planned_minutes: int
    delivered_minutes: int
    planned_hours: float
    delivered_hours: float
    ratio: float | None = Field(description="delivered / planned; null when nothing was planned")
    shortfall: bool
    threshold: float = Field(description="The region's tolerance: a part below it falls short")
    days_in_month: int
    conversion: str = Field(
        default=CONVERSION,
        description="How weekly amounts became monthly: hours × days in the Helsinki month / 7",
    )
    short_items: list[ComponentRow]


class PhasePortion(BaseModel):
    """The part of a phase that falls in the month, and what it plans."""

    phase_id: UUID
    phase: str
    plan_version: int = Field(description="The approved plan version planning these days")
    days: int
    planned_minutes: int


class ServicePortion(BaseModel):
    """An agreed service's planned and delivered minutes in the month."""

    service_id: UUID
    service_type: str
    provider_organisation_id: UUID | None
    planned_minutes: int
    delivered_minutes: int


class ClientRealisation(RealisationRow):
    """A client-month with the breakdown behind the totals (plan fields null when the month has nothing)."""

    plan_id: UUID | None  # type: ignore[assignment]

    month_complete: bool = Field(
        description="The Helsinki month is over (a shortfall is final only then)"
    )
    shortfall_event_raised: bool
    phase_planned_minutes: int
    phase_delivered_minutes: int
    phases: list[PhasePortion]
    services: list[ServicePortion]
    components: list[ComponentRow]


class NetworkPhaseRow(BaseModel):
    """The month's figures of the clients living in one housing network in one support phase.

    The service answers every figure; through the gateway a dashboard gets them small-count
    suppressed: a cell of fewer than five clients shows "<5" (or "x" where it would reveal
    another) and no hours."""

    housing_network_id: UUID | None = Field(description="Null: clients in no housing network")
    phase: str | None = Field(description="Null: clients without a support phase")
    clients: Cell
    planned_minutes: int | None = Field(description="Planned minutes" + HIDDEN_FOR_DASHBOARDS)
    delivered_minutes: int | None = Field(description="Delivered minutes" + HIDDEN_FOR_DASHBOARDS)
    planned_hours: float | None = Field(description="Planned hours" + HIDDEN_FOR_DASHBOARDS)
    delivered_hours: float | None = Field(description="Delivered hours" + HIDDEN_FOR_DASHBOARDS)
    shortfalls: int | None = Field(description="Clients falling short" + HIDDEN_FOR_DASHBOARDS)


class RegionRealisation(BaseModel):
    """The region's month (optionally one district or coordinator), one row per client."""

    month: str
    threshold: float
    month_complete: bool
    clients: Cell
    planned_minutes: int | None = Field(description="Planned minutes" + HIDDEN_FOR_DASHBOARDS)
    delivered_minutes: int | None = Field(description="Delivered minutes" + HIDDEN_FOR_DASHBOARDS)
    ratio: float | None
    shortfalls: int | None = Field(description="Clients falling short" + HIDDEN_FOR_DASHBOARDS)
    breakdown: list[NetworkPhaseRow] = Field(
        default_factory=list,
        description="Per housing network and phase (each client where it was on the month's"
        " last day, or today)",
    )
    items: list[RealisationRow]


class MonthClosed(BaseModel):
    """Result of closing a month: how many client-months were evaluated and newly flagged."""

    month: str
    clients_evaluated: int
    shortfalls: int
    newly_detected: int


class ClientOrganisation(BaseModel):
    """An organisation with an agreed service for, or a referral about, the client."""

    client_id: UUID
    organisation_id: UUID
    relation: Literal["service", "referral"]
    active: bool
    since: date | None
    until: date | None
    basis: str | None = Field(
        default=None, description="A referral's disclosure basis (consent or a legal basis)"
    )


class ShortfallRow(RealisationRow):
    """A client-month below the threshold; `event_raised` once the month was closed."""

    event_raised: bool


class ShortfallList(BaseModel):
    """An area coordinator's (or a housing network's) clients whose delivered support falls short."""

    area_coordinator_id: str | None
    housing_network_id: UUID | None = None
    month: str
    threshold: float
    month_complete: bool
    items: list[ShortfallRow]


class CoordinatorTermRead(BaseModel):
    """A term of a housing network's area coordinator (learnt from the network service)."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    network_id: UUID
    worker_id: str
    organisation_id: UUID
    from_on: date
    to_on: date | None
