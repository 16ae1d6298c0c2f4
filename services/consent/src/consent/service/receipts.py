"""Consent receipts in the Kantara Initiative Consent Receipt Specification v1.1 format."""

from consent.codes import SENSITIVE_CATEGORIES, TEAM, DataCategory, Purpose, label
from consent.config import ConsentSettings
from consent.models import Consent
from consent.schemas.receipts import ConsentReceipt, PiiController, ReceiptPurpose, ReceiptService
from tukiverkko_common.clock import helsinki_date

SERVICE_NAME = "Tukiverkko"
PURPOSE_CATEGORIES = {
    Purpose.resource_file_inclusion: "Core Function",
    Purpose.network_sharing: "Sharing for Delivery",
    Purpose.disclosure_to_organisation: "3rd Party Sharing for Core Function",
    Purpose.plan_sharing_with_provider: "Sharing for Delivery",
    Purpose.statistics: "Improve Performance",
}
"""Our purposes mapped to the purpose categories listed in the Kantara v1.1 appendix."""
TERMINATION = {
    "until": {
        "fi": "Voimassa {until} asti tai kunnes peruutetaan",
        "sv": "Gäller till {until} eller tills det återkallas",
        "en": "Valid until {until} or until withdrawn",
    },
    "open": {
        "fi": "Voimassa, kunnes peruutetaan",
        "sv": "Gäller tills det återkallas",
        "en": "Valid until withdrawn",
    },
}


def build_receipt(consent: Consent, settings: ConsentSettings) -> ConsentReceipt:
    """Render a stored consent as a receipt in the language of the notice the person saw."""
    lang = consent.notice_language
    organisations = [r for r in consent.recipients if r != TEAM]
    sensitive = sorted(SENSITIVE_CATEGORIES & {DataCategory(c) for c in consent.data_categories})
    return ConsentReceipt(
        jurisdiction=settings.jurisdiction,
        consentTimestamp=int(consent.recorded_at.timestamp()),
        collectionMethod=label("collection_methods", consent.collection_method, lang),
        consentReceiptID=str(consent.id),
        language=lang,
        piiPrincipalId=str(consent.subject_id),
        piiControllers=[
            PiiController(
                piiController=settings.controller_name,
                contact=settings.controller_contact,
                address=settings.controller_address,
                email=settings.controller_email,
                phone=settings.controller_phone,
                piiControllerUrl=settings.controller_url,
            )
        ],
        policyUrl=settings.privacy_policy_url,
        services=[
            ReceiptService(service=SERVICE_NAME, purposes=[_purpose(consent, organisations)])
        ],
        sensitive=bool(sensitive) or consent.subject_kind == "client",
        spiCat=[label("data_categories", c, lang) for c in sensitive],
    )


def _purpose(consent: Consent, organisations: list[str]) -> ReceiptPurpose:
    lang = consent.notice_language
    if consent.valid_until is not None:
        termination = TERMINATION["until"][lang].format(
            until=helsinki_date(consent.valid_until).isoformat()
        )
    else:
        termination = TERMINATION["open"][lang]
    return ReceiptPurpose(
        purpose=label("purposes", consent.purpose, lang),
        purposeCategory=[PURPOSE_CATEGORIES[Purpose(consent.purpose)]],
        consentType="EXPLICIT",
        piiCategory=[label("data_categories", c, lang) for c in consent.data_categories],
        primaryPurpose=True,
        termination=termination,
        thirdPartyDisclosure=bool(organisations),
        thirdPartyName=", ".join(organisations) or None,
    )
