"""API model of a consent receipt in the Kantara Initiative Consent Receipt Specification v1.1 format."""

from pydantic import BaseModel, ConfigDict, Field

KANTARA_VERSION = "KI-CR-v1.1.0"


class ReceiptPurpose(BaseModel):
    purpose: str
    purposeCategory: list[str]
    consentType: str
    piiCategory: list[str]
    primaryPurpose: bool
    termination: str
    thirdPartyDisclosure: bool
    thirdPartyName: str | None = None


class ReceiptService(BaseModel):
    service: str
    purposes: list[ReceiptPurpose]


class PiiController(BaseModel):
    piiController: str
    onBehalf: bool = False
    contact: str
    address: str
    email: str
    phone: str
    piiControllerUrl: str | None = None


class ConsentReceipt(BaseModel):
    """A Kantara v1.1 consent receipt (field names as in the specification)."""

    model_config = ConfigDict(populate_by_name=True)

    version: str = KANTARA_VERSION
    jurisdiction: str
    consentTimestamp: int = Field(
        description="Seconds since the epoch when the consent was recorded"
    )
    collectionMethod: str
    consentReceiptID: str
    publicKey: str | None = None
    language: str
    piiPrincipalId: str
    piiControllers: list[PiiController]
    policyUrl: str
    services: list[ReceiptService]
    sensitive: bool
    spiCat: list[str]
