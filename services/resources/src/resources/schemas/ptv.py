"""Suomi.fi Service Catalogue (PTV) v11 OUT model: the fields the importer reads.

Only what the resource file needs is declared; PTV's many other fields are ignored, not refused
(the catalogue adds fields over time). Names follow the public v11 OUT model.
"""

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from resources.schemas.common import Region
from tukiverkko_common.fields import Text

PtvText = Annotated[Text, Field(max_length=4000)]


class _Ptv(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LocalizedValue(_Ptv):
    language: str = Field(max_length=5)
    value: PtvText


class TypedLocalizedValue(LocalizedValue):
    type: str = Field(default="Name", max_length=40)


class PtvEmail(_Ptv):
    value: PtvText
    language: str | None = None


class PtvPhone(_Ptv):
    number: Annotated[Text, Field(max_length=40)]
    prefixNumber: Annotated[Text, Field(max_length=10)] | None = None


class PtvWebPage(_Ptv):
    url: PtvText
    language: str | None = None


class PtvStreetAddress(_Ptv):
    street: list[LocalizedValue] = Field(default_factory=list, max_length=5)
    streetNumber: Annotated[Text, Field(max_length=20)] | None = None
    postalCode: Annotated[Text, Field(max_length=10)] | None = None
    postOffice: list[LocalizedValue] = Field(default_factory=list, max_length=5)
    latitude: str | None = Field(default=None, max_length=30)
    longitude: str | None = Field(default=None, max_length=30)


class PtvAddress(_Ptv):
    type: str = Field(default="Visiting", max_length=20)
    streetAddress: PtvStreetAddress | None = None


class PtvOrganization(_Ptv):
    """An organisation (GET /api/v11/Organization/{id})."""

    id: UUID
    organizationNames: list[TypedLocalizedValue] = Field(min_length=1, max_length=10)
    organizationType: str | None = Field(default=None, max_length=40)
    businessCode: str | None = Field(default=None, max_length=20)
    organizationDescriptions: list[TypedLocalizedValue] = Field(default_factory=list, max_length=10)
    emails: list[PtvEmail] = Field(default_factory=list, max_length=10)
    phoneNumbers: list[PtvPhone] = Field(default_factory=list, max_length=10)
    webPages: list[PtvWebPage] = Field(default_factory=list, max_length=10)
    addresses: list[PtvAddress] = Field(default_factory=list, max_length=10)
    publishingStatus: str = Field(default="Published", max_length=20)


class PtvOrganizationRef(_Ptv):
    id: UUID


class PtvServiceOrganization(_Ptv):
    roleType: str = Field(max_length=20)
    organization: PtvOrganizationRef | None = None


class PtvService(_Ptv):
    """A service (GET /api/v11/Service/{id})."""

    id: UUID
    serviceNames: list[TypedLocalizedValue] = Field(min_length=1, max_length=10)
    serviceDescriptions: list[TypedLocalizedValue] = Field(default_factory=list, max_length=20)
    organizations: list[PtvServiceOrganization] = Field(default_factory=list, max_length=50)
    publishingStatus: str = Field(default="Published", max_length=20)


class PtvImport(_Ptv):
    """A PTV export: organisations and services, imported into the caller's region."""

    region: Region
    # Bounded so that a batch stays under the gateway's body limit (256 KiB): a larger export
    # is imported in several batches, which idempotence makes safe in any order.
    organizations: list[PtvOrganization] = Field(default_factory=list, max_length=200)
    services: list[PtvService] = Field(default_factory=list, max_length=500)


class PtvImportRead(BaseModel):
    """What an import did; a second import of the same file changes nothing."""

    organisations_created: int
    organisations_updated: int
    organisations_unchanged: int
    offers_created: int
    offers_updated: int
    skipped: list[str] = Field(description="PTV ids left out, each with the reason")
