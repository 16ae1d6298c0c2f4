"""Agreed-service API models."""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from plans.amounts import CONVERSION
from plans.codes import AmountPer, InformalRelation, LegalBasis, Sector, ServiceType
from plans.schemas.common import ABSENT, Day
from tukiverkko_common.fields import Input

MAX_HOURS = {"week": 168.0, "month": 744.0}


class OrganisationProvider(Input):
    """A provider organisation as the gateway knows it (resource-file card optional, for later)."""

    kind: Literal["organisation"] = "organisation"
    organisation_id: UUID
    sector: Sector
    resource_card_id: UUID | None = None


class InformalProvider(Input):
    """An informal supporter, described without identifying data until the network service links them."""

    kind: Literal["informal"] = "informal"
    relation: InformalRelation
    description: str | None = Field(
        default=None, max_length=300, description="No names or contact details"
    )


Provider = Annotated[OrganisationProvider | InformalProvider, Field(discriminator="kind")]


class Amount(Input):
    """Hours per week or per month; round-the-clock support is 168 h/week."""

    hours: float = Field(gt=0)
    per: AmountPer

    @model_validator(mode="after")
    def _within_period(self) -> "Amount":
        if self.hours > MAX_HOURS[self.per]:
            raise ValueError(f"hours cannot exceed {MAX_HOURS[self.per]:g} per {self.per}")
        return self


def _until_after_from(value: date | None, info: ValidationInfo) -> date | None:
    start = info.data.get("valid_from")
    if value is not None and start is not None and value < start:
        raise ValueError("must not be before valid_from")
    return value


class ServiceCreate(Input):
    """A service agreed in the plan."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "service_type": "guidance_and_coaching",
                    "legal_basis": "social_welfare_act",
                    "provider": {
                        "kind": "organisation",
                        "organisation_id": "01936f5e-0000-7000-8000-000000000001",
                        "sector": "third_sector",
                    },
                    "amount": {"hours": 3, "per": "week"},
                    "valid_from": "2025-02-01",
                    "valid_until": "2025-12-31",
                    "goal_ids": [],
                }
            ]
        },
    )

    service_type: ServiceType
    legal_basis: LegalBasis
    provider: Provider
    amount: Amount
    valid_from: Day
    valid_until: Day | None = None
    goal_ids: list[UUID] = Field(default_factory=list, max_length=20)

    check_until = field_validator("valid_until")(_until_after_from)


class ServiceUpdate(Input):
    """Change an agreed service's provider, amount, period or linked goals."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"amount": {"hours": 4, "per": "week"}, "valid_until": "2025-08-31"}]
        },
    )

    provider: Provider = Field(default=ABSENT)
    amount: Amount = Field(default=ABSENT)
    valid_from: Day = Field(default=ABSENT)
    valid_until: Day | None = None
    goal_ids: list[UUID] = Field(default=ABSENT, max_length=20)

    check_until = field_validator("valid_until")(_until_after_from)


class ServiceRead(BaseModel):
    """An agreed service."""

    id: UUID
    plan_id: UUID
    client_id: UUID
    service_type: str
    legal_basis: str
    provider: OrganisationProvider | InformalProvider
    amount: Amount
    hours_per_month: float = Field(
        description="The amount for `month`: weekly hours × days in the Helsinki month / 7, "
        "the same rule the realisation plans by"
    )
    monthly_minutes: int = Field(
        description="hours_per_month in minutes, as the realisation counts"
    )
    month: str = Field(
        description="The month converted (YYYY-MM): this month, within the service's period",
        examples=["2025-02"],
    )
    conversion: str = Field(default=CONVERSION, description="The weekly-to-monthly rule")
    valid_from: date
    valid_until: date | None
    goal_ids: list[UUID]
    created_at: datetime
    modified_at: datetime
