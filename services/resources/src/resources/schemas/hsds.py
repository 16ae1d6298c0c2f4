"""Open Referral HSDS 3.0 read models: organisations and their services (offers), paged.

Nulls are left out of responses (HSDS types its optional fields as strings, not nullable)."""

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class HsdsIdentifier(BaseModel):
    id: str
    organization_id: str
    identifier_scheme: str | None = None
    identifier_type: str
    identifier: str


class HsdsPhone(BaseModel):
    id: str
    organization_id: str | None = None
    service_id: str | None = None
    number: str


class HsdsAddress(BaseModel):
    id: str
    location_id: str
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    address_type: str = "physical"


class HsdsLocation(BaseModel):
    id: str
    location_type: str = "physical"
    organization_id: str
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[HsdsAddress] = Field(default_factory=list)


class HsdsOrganizationBrief(BaseModel):
    """An organisation as HSDS lists it (one-to-one fields only)."""

    id: str
    name: str
    alternate_name: str | None = None
    description: str
    email: str | None = None
    website: str | None = None


class HsdsServiceBrief(BaseModel):
    """A service (an organisation's offer) as HSDS lists it."""

    id: str
    organization_id: str
    name: str
    alternate_name: str | None = None
    description: str | None = None
    status: str
    last_modified: str
    organization: HsdsOrganizationBrief | None = None


class HsdsService(HsdsServiceBrief):
    """A service with its related data."""

    phones: list[HsdsPhone] = Field(default_factory=list)


class HsdsOrganization(HsdsOrganizationBrief):
    """An organisation with its identifiers, phones, locations and services."""

    organization_identifiers: list[HsdsIdentifier] = Field(default_factory=list)
    phones: list[HsdsPhone] = Field(default_factory=list)
    locations: list[HsdsLocation] = Field(default_factory=list)
    services: list[HsdsServiceBrief] = Field(default_factory=list)


class HsdsPage(BaseModel, Generic[T]):
    """The HSDS `Page` envelope."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[T]


class HsdsRoot(BaseModel):
    """What this API is."""

    version: str = "3.0"
    profile: str = "https://docs.openreferral.org/en/latest/hsds/"
    openapi_url: str = (
        "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
    )
