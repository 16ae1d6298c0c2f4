"""Cards of the resource file: what a worker sends to create or change each kind, and what a read returns.

Personal fields of a card about a person are null in a read (and `personal_data` says
`masked` or `erased`) whenever the person's inclusion consent is not in force.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, model_validator

from resources.business_id import valid_business_id
from resources.schemas.common import (
    Address,
    Availability,
    Competence,
    Contact,
    DistrictCode,
    LifeArea,
    Long,
    Offering,
    OfferingRead,
    Region,
    Sector,
    Short,
    TargetGroup,
    WorkerId,
    districts_in_region,
)
from tukiverkko_common.fields import Input

BusinessId = Annotated[str, AfterValidator(valid_business_id)]
Codes: Any = Field(default_factory=list, max_length=50)


class ContactPerson(Input):
    """The organisation's contact person (an organisation's staff, not a card of its own)."""

    name: Short
    role: Short | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    email: Annotated[str, Field(max_length=200)] | None = None


class _RegionalCard(Input):
    region: Region
    districts: list[DistrictCode] = Codes

    @model_validator(mode="after")
    def _districts_in_region(self) -> Any:
        districts_in_region(self.region, self.districts)
        return self


class OrganisationCardCreate(_RegionalCard):
    """A new organisation card (an association, a parish, a company, a municipal unit …)."""

    name_fi: Short
    name_sv: Short | None = None
    sector: Sector
    business_id: BusinessId | None = None
    description_fi: Long | None = None
    description_sv: Long | None = None
    contact: Contact | None = None
    address: Address | None = None
    target_groups: list[TargetGroup] = Codes
    competences: list[Competence] = Codes
    facilities: list[Short] = Field(default_factory=list, max_length=30)
    offers: list[Offering] = Field(default_factory=list, max_length=30)
    needs: list[Offering] = Field(default_factory=list, max_length=30)
    contact_person: ContactPerson | None = None
    responsible_worker_id: WorkerId | None = None


class OrganisationCardUpdate(Input):
    """Changes to an organisation card; a list given replaces the old one."""

    name_fi: Short | None = None
    name_sv: Short | None = None
    sector: Sector | None = None
    business_id: BusinessId | None = None
    description_fi: Long | None = None
    description_sv: Long | None = None
    contact: Contact | None = None
    address: Address | None = None
    districts: list[DistrictCode] | None = None
    target_groups: list[TargetGroup] | None = None
    competences: list[Competence] | None = None
    facilities: list[Short] | None = None
    offers: list[Offering] | None = None
    needs: list[Offering] | None = None
    contact_person: ContactPerson | None = None
    responsible_worker_id: WorkerId | None = None


class CitizenCardCreate(_RegionalCard):
    """A new citizen card; `subject_id` is the person's consent subject (POST /api/v1/subjects)."""

    subject_id: UUID
    name: Short
    contact: Contact | None = None
    availability: list[Availability] = Field(default_factory=list, max_length=28)
    birthday: date | None = None
    skills: list[Short] = Field(default_factory=list, max_length=30)
    interests: list[Short] = Field(default_factory=list, max_length=30)
    wants_to_know: list[Short] = Field(default_factory=list, max_length=30)
    life_areas: list[LifeArea] = Field(default_factory=list, max_length=5)
    description: Long | None = None
    responsible_worker_id: WorkerId | None = None


class CitizenCardUpdate(Input):
    """Changes to a citizen card; a list given replaces the old one."""

    name: Short | None = None
    contact: Contact | None = None
    districts: list[DistrictCode] | None = None
    availability: list[Availability] | None = Field(default=None, max_length=28)
    birthday: date | None = None
    skills: list[Short] | None = None
    interests: list[Short] | None = None
    wants_to_know: list[Short] | None = None
    life_areas: list[LifeArea] | None = None
    description: Long | None = None
    responsible_worker_id: WorkerId | None = None


class CompetenceCardCreate(Input):
    """A competence of an organisation or a citizen, from the taxonomy."""

    competence: Competence
    description: Long | None = None
    preferences: Long | None = None
    """What the holder said, when getting acquainted, they would like to do (and not)."""


class StrengthCardCreate(Input):
    """A strength of an organisation or a citizen, in their own words."""

    title_fi: Short
    title_sv: Short | None = None
    description: Long | None = None
    preferences: Long | None = None
    life_areas: list[LifeArea] = Field(default_factory=list, max_length=5)


class HeldCardUpdate(Input):
    """Changes to a competence or strength card."""

    competence: Competence | None = None
    title_fi: Short | None = None
    title_sv: Short | None = None
    description: Long | None = None
    preferences: Long | None = None
    life_areas: list[LifeArea] | None = None


class CardRead(BaseModel):
    """A card as a worker of the region sees it."""

    id: UUID
    card_type: Literal["organisation", "citizen", "competence", "strength"]
    region: str
    owner_organisation_id: UUID
    status: Literal["active", "archived", "suppressed"]
    personal_data: Literal["none", "present", "masked", "erased"] = Field(
        description="none: the card is not about a person; masked: the inclusion consent is not "
        "in force now; erased: it ended and the data is gone"
    )
    holder_card_id: UUID | None
    name_fi: str | None
    name_sv: str | None
    sector: str | None
    business_id: str | None
    districts: list[str]
    target_groups: list[str]
    competences: list[str]
    life_areas: list[str]
    latitude: float | None
    longitude: float | None
    responsible_worker_id: str | None
    details: dict[str, Any] = Field(
        description="The kind's own fields (contact, address, availability, skills, …)"
    )
    offers: list[OfferingRead] = Field(default_factory=list)
    needs: list[OfferingRead] = Field(default_factory=list)
    last_contact_on: date | None
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None


class ContactRead(BaseModel):
    """A citizen's contact details, disclosed under a disclosure consent."""

    card_id: UUID
    name: str
    contact: dict[str, Any]
