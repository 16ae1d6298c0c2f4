"""Codes of the network service, with Finnish, Swedish and English labels for people.

An alter without consent is described only by a code from `AlterRole` ("neighbour"), never by
free text, so nothing identifying can be typed in without the alter's consent.
"""

from enum import StrEnum


class AlterKind(StrEnum):
    person = "person"
    organisation = "organisation"


class Sector(StrEnum):
    """The eco-map's sectors around the person."""

    family = "family"
    friends_neighbours = "friends_neighbours"
    work_school_leisure = "work_school_leisure"
    professionals_services = "professionals_services"
    organisations = "organisations"


class AlterRole(StrEnum):
    """A minimal description of an alter, with no identifying data."""

    parent = "parent"
    sibling = "sibling"
    child = "child"
    partner = "partner"
    grandparent = "grandparent"
    relative = "relative"
    friend = "friend"
    neighbour = "neighbour"
    colleague = "colleague"
    classmate = "classmate"
    hobby_mate = "hobby_mate"
    volunteer = "volunteer"
    support_worker = "support_worker"
    health_professional = "health_professional"
    teacher = "teacher"
    public_service = "public_service"
    ngo = "ngo"
    parish = "parish"
    club = "club"
    company = "company"
    other = "other"


class Strength(StrEnum):
    strong = "strong"
    medium = "medium"
    weak = "weak"


class Quality(StrEnum):
    supportive = "supportive"
    stressful = "stressful"
    conflicted = "conflicted"
    broken = "broken"


class Direction(StrEnum):
    """Who gives support along a tie, seen from its `from` end (the person for person ties)."""

    gives = "gives"
    receives = "receives"
    mutual = "mutual"


class SupportType(StrEnum):
    emotional = "emotional"
    practical = "practical"
    informational = "informational"
    companionship = "companionship"


class Frequency(StrEnum):
    daily = "daily"
    weekly = "weekly"
    monthly = "monthly"
    yearly = "yearly"
    rarely = "rarely"


STRENGTH_RANK = {"weak": 1, "medium": 2, "strong": 3}
"""Order of strengths, for strengthened/weakened and as a tie's analysis weight."""

Labels = dict[str, dict[str, str]]

SECTOR_LABELS: Labels = {
    "family": {"fi": "Perhe ja suku", "sv": "Familj och släkt", "en": "Family"},
    "friends_neighbours": {
        "fi": "Ystävät ja naapurit",
        "sv": "Vänner och grannar",
        "en": "Friends and neighbours",
    },
    "work_school_leisure": {
        "fi": "Työ, koulu ja vapaa-aika",
        "sv": "Arbete, skola och fritid",
        "en": "Work, school and leisure",
    },
    "professionals_services": {
        "fi": "Ammattilaiset ja palvelut",
        "sv": "Professionella och tjänster",
        "en": "Professionals and services",
    },
    "organisations": {"fi": "Järjestöt", "sv": "Organisationer", "en": "Organisations"},
}

ROLE_LABELS: Labels = {
    "parent": {"fi": "vanhempi", "sv": "förälder", "en": "parent"},
    "sibling": {"fi": "sisarus", "sv": "syskon", "en": "sibling"},
    "child": {"fi": "lapsi", "sv": "barn", "en": "child"},
    "partner": {"fi": "kumppani", "sv": "partner", "en": "partner"},
    "grandparent": {"fi": "isovanhempi", "sv": "mor- eller farförälder", "en": "grandparent"},
    "relative": {"fi": "sukulainen", "sv": "släkting", "en": "relative"},
    "friend": {"fi": "ystävä", "sv": "vän", "en": "friend"},
    "neighbour": {"fi": "naapuri", "sv": "granne", "en": "neighbour"},
    "colleague": {"fi": "työkaveri", "sv": "arbetskamrat", "en": "colleague"},
    "classmate": {"fi": "opiskelukaveri", "sv": "studiekamrat", "en": "classmate"},
    "hobby_mate": {"fi": "harrastuskaveri", "sv": "hobbykamrat", "en": "hobby mate"},
    "volunteer": {"fi": "vapaaehtoinen", "sv": "volontär", "en": "volunteer"},
    "support_worker": {"fi": "ohjaaja", "sv": "handledare", "en": "support worker"},
    "health_professional": {
        "fi": "terveydenhuollon ammattilainen",
        "sv": "vårdpersonal",
        "en": "health professional",
    },
    "teacher": {"fi": "opettaja", "sv": "lärare", "en": "teacher"},
    "public_service": {"fi": "julkinen palvelu", "sv": "offentlig tjänst", "en": "public service"},
    "ngo": {"fi": "yhdistys", "sv": "förening", "en": "NGO"},
    "parish": {"fi": "seurakunta", "sv": "församling", "en": "parish"},
    "club": {"fi": "kerho tai seura", "sv": "klubb", "en": "club"},
    "company": {"fi": "yritys", "sv": "företag", "en": "company"},
    "other": {"fi": "muu", "sv": "annan", "en": "other"},
}

LEGEND_LABELS: Labels = {
    "person": {"fi": "Henkilö itse", "sv": "Personen själv", "en": "The person"},
    "strong": {"fi": "Vahva suhde", "sv": "Stark relation", "en": "Strong tie"},
    "medium": {"fi": "Kohtalainen suhde", "sv": "Medelstark relation", "en": "Medium tie"},
    "weak": {"fi": "Heikko suhde", "sv": "Svag relation", "en": "Weak tie"},
    "stressful": {"fi": "Kuormittava suhde", "sv": "Belastande relation", "en": "Stressful tie"},
    "conflicted": {
        "fi": "Ristiriitainen suhde",
        "sv": "Konfliktfylld relation",
        "en": "Conflicted tie",
    },
    "broken": {"fi": "Katkennut suhde", "sv": "Bruten relation", "en": "Broken tie"},
    "arrow": {"fi": "Tuen suunta", "sv": "Stödets riktning", "en": "Direction of support"},
    "title": {"fi": "Ekokartta", "sv": "Ekokarta", "en": "Eco-map"},
    "bottleneck": {"fi": "Pullonkaula", "sv": "Flaskhals", "en": "Bottleneck"},
    "sociogram": {"fi": "Sosiogrammi", "sv": "Sociogram", "en": "Sociogram"},
    "anonymous": {"fi": "nimetön", "sv": "anonym", "en": "anonymous"},
    "kind_resident": {"fi": "Asukas", "sv": "Invånare", "en": "Resident"},
    "kind_alter": {"fi": "Verkoston jäsen", "sv": "Nätverksmedlem", "en": "Network member"},
    "kind_partner": {"fi": "Kumppani", "sv": "Partner", "en": "Partner"},
    "kind_organisation": {"fi": "Organisaatio", "sv": "Organisation", "en": "Organisation"},
    "kind_activity": {"fi": "Toiminta", "sv": "Verksamhet", "en": "Activity"},
}

LANGUAGES = ("fi", "sv", "en")
