"""Codes the consent service speaks, with Finnish, Swedish and English labels for people."""

from enum import StrEnum


class Purpose(StrEnum):
    """What a consent allows the data to be used for."""

    resource_file_inclusion = "resource_file_inclusion"
    network_sharing = "network_sharing"
    disclosure_to_organisation = "disclosure_to_organisation"
    plan_sharing_with_provider = "plan_sharing_with_provider"
    statistics = "statistics"


class DataCategory(StrEnum):
    """Which data a consent covers."""

    contact_details = "contact_details"
    plan = "plan"
    network_map = "network_map"
    free_text_notes = "free_text_notes"
    identity = "identity"
    service_delivery = "service_delivery"
    resource_card = "resource_card"


class SubjectKind(StrEnum):
    """Whom a consent is about."""

    client = "client"
    resource_file_citizen = "resource_file_citizen"
    resource_file_partner = "resource_file_partner"
    contact_person = "contact_person"


class GivenByRole(StrEnum):
    """Who gave the consent."""

    subject = "subject"
    guardian = "guardian"
    legal_representative = "legal_representative"


class RepresentationBasis(StrEnum):
    """Why someone other than the subject may consent on the subject's behalf."""

    parental_custody = "parental_custody"
    guardianship_order = "guardianship_order"
    continuing_power_of_attorney = "continuing_power_of_attorney"
    other_statutory_authority = "other_statutory_authority"


class CollectionMethod(StrEnum):
    """How the consent was collected."""

    written = "written"
    oral = "oral"
    electronic = "electronic"


class NoticeLanguage(StrEnum):
    """Language of the notice text shown to the person."""

    fi = "fi"
    sv = "sv"
    en = "en"


class ConsentStatus(StrEnum):
    """Lifecycle state of a consent."""

    active = "active"
    withdrawn = "withdrawn"
    expired = "expired"


TEAM = "team"
"""The recipient meaning the person's own support team (instead of an organisation id)."""

SENSITIVE_CATEGORIES = frozenset(
    {
        DataCategory.plan,
        DataCategory.free_text_notes,
        DataCategory.service_delivery,
        DataCategory.network_map,
    }
)
"""Categories that may reveal social-welfare or health information (arkaluonteinen tieto)."""

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "purposes": {
        "resource_file_inclusion": {
            "fi": "Tallentaminen resurssitiedostoon",
            "sv": "Införande i resursregistret",
            "en": "Inclusion in the resource file",
        },
        "network_sharing": {
            "fi": "Jakaminen henkilön omassa verkostossa",
            "sv": "Delning inom personens nätverk",
            "en": "Sharing within the person's network",
        },
        "disclosure_to_organisation": {
            "fi": "Luovuttaminen nimetylle organisaatiolle",
            "sv": "Utlämnande till en namngiven organisation",
            "en": "Disclosure to a named organisation",
        },
        "plan_sharing_with_provider": {
            "fi": "Asiakassuunnitelman jakaminen palveluntuottajalle",
            "sv": "Delning av klientplanen med serviceproducenten",
            "en": "Sharing the client plan with a provider",
        },
        "statistics": {"fi": "Tilastointi", "sv": "Statistikföring", "en": "Statistics"},
    },
    "data_categories": {
        "contact_details": {
            "fi": "Yhteystiedot",
            "sv": "Kontaktuppgifter",
            "en": "Contact details",
        },
        "plan": {"fi": "Asiakassuunnitelma", "sv": "Klientplan", "en": "Client plan"},
        "network_map": {"fi": "Verkostokartta", "sv": "Nätverkskarta", "en": "Network map"},
        "free_text_notes": {
            "fi": "Vapaamuotoiset muistiinpanot",
            "sv": "Fritextanteckningar",
            "en": "Free-text notes",
        },
        "identity": {"fi": "Henkilöllisyystiedot", "sv": "Identitetsuppgifter", "en": "Identity"},
        "service_delivery": {
            "fi": "Palvelujen toteutuminen",
            "sv": "Tjänsternas genomförande",
            "en": "Service delivery",
        },
        "resource_card": {"fi": "Resurssikortti", "sv": "Resurskort", "en": "Resource card"},
    },
    "subject_kinds": {
        "client": {"fi": "Asiakas", "sv": "Klient", "en": "Client"},
        "resource_file_citizen": {
            "fi": "Resurssitiedoston kansalainen",
            "sv": "Medborgare i resursregistret",
            "en": "Citizen in the resource file",
        },
        "resource_file_partner": {
            "fi": "Resurssitiedoston kumppani",
            "sv": "Partner i resursregistret",
            "en": "Partner in the resource file",
        },
        "contact_person": {
            "fi": "Organisaation yhteyshenkilö",
            "sv": "Organisationens kontaktperson",
            "en": "Organisation's contact person",
        },
    },
    "given_by_roles": {
        "subject": {"fi": "Henkilö itse", "sv": "Personen själv", "en": "The person themself"},
        "guardian": {"fi": "Huoltaja", "sv": "Vårdnadshavare", "en": "Guardian"},
        "legal_representative": {
            "fi": "Laillinen edustaja (edunvalvoja)",
            "sv": "Lagstadgad företrädare (intressebevakare)",
            "en": "Legal representative",
        },
    },
    "representation_bases": {
        "parental_custody": {"fi": "Huoltajuus", "sv": "Vårdnad", "en": "Parental custody"},
        "guardianship_order": {
            "fi": "Edunvalvojan määräys",
            "sv": "Förordnande av intressebevakare",
            "en": "Guardianship order",
        },
        "continuing_power_of_attorney": {
            "fi": "Vahvistettu edunvalvontavaltuutus",
            "sv": "Fastställd intressebevakningsfullmakt",
            "en": "Confirmed continuing power of attorney",
        },
        "other_statutory_authority": {
            "fi": "Muu lakiin perustuva kelpoisuus",
            "sv": "Annan lagstadgad behörighet",
            "en": "Other statutory authority",
        },
    },
    "collection_methods": {
        "written": {"fi": "Kirjallinen", "sv": "Skriftligt", "en": "Written"},
        "oral": {"fi": "Suullinen", "sv": "Muntligt", "en": "Oral"},
        "electronic": {"fi": "Sähköinen", "sv": "Elektroniskt", "en": "Electronic"},
    },
    "statuses": {
        "active": {"fi": "Voimassa", "sv": "Gällande", "en": "Active"},
        "withdrawn": {"fi": "Peruttu", "sv": "Återkallat", "en": "Withdrawn"},
        "expired": {"fi": "Päättynyt", "sv": "Upphört", "en": "Expired"},
    },
    "notice_languages": {
        "fi": {"fi": "suomi", "sv": "finska", "en": "Finnish"},
        "sv": {"fi": "ruotsi", "sv": "svenska", "en": "Swedish"},
        "en": {"fi": "englanti", "sv": "engelska", "en": "English"},
    },
}

VOCABULARY_ENUMS: dict[str, type[StrEnum]] = {
    "purposes": Purpose,
    "data_categories": DataCategory,
    "subject_kinds": SubjectKind,
    "given_by_roles": GivenByRole,
    "representation_bases": RepresentationBasis,
    "collection_methods": CollectionMethod,
    "statuses": ConsentStatus,
    "notice_languages": NoticeLanguage,
}


def label(group: str, code: str, language: str) -> str:
    """Return the label of a code in a language, falling back to Finnish."""
    labels = LABELS[group][code]
    return labels.get(language, labels["fi"])
