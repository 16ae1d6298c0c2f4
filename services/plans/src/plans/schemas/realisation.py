"""Realisation (planned versus delivered client work) and access-support API models."""

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class RealisationRow(BaseModel):
    """One client's month: planned (phase + formal agreed services) versus delivered minutes."""

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
    district: str | None
    planned_minutes: int
    delivered_minutes: int
    planned_hours: float
    delivered_hours: float
    ratio: float | None = Field(description="delivered / planned; null when nothing was planned")
    shortfall: bool


class PhasePortion(BaseModel):
    """The part of a phase that falls in the month, and what it plans."""

    phase_id: UUID
    phase: str
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

    threshold: float
    month_complete: bool = Field(
        description="The Helsinki month is over (a shortfall is final only then)"
    )
    shortfall_event_raised: bool
    phase_planned_minutes: int
    phase_delivered_minutes: int
    phases: list[PhasePortion]
    services: list[ServicePortion]


class RegionRealisation(BaseModel):
    """The region's month (optionally one district or coordinator), one row per client."""

    month: str
    threshold: float
    month_complete: bool
    clients: int
    planned_minutes: int
    delivered_minutes: int
    ratio: float | None
    shortfalls: int
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
