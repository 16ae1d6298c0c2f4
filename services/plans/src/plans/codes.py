"""Code sets of the plans service: English snake_case values with Finnish and Swedish labels."""

from typing import Literal

PhaseName = Literal["readiness_assessment", "intensive", "normal", "light"]
PHASE_ORDER: tuple[str, ...] = ("readiness_assessment", "intensive", "normal", "light")
PlanStatus = Literal["draft", "active", "under_review", "closed"]
LegalBasis = Literal["social_welfare_act", "disability_services_act"]
Language = Literal["fi", "sv", "other"]
CommunicationSupport = Literal[
    "plain_language",
    "sign_language",
    "interpreter",
    "picture_support",
    "augmentative_communication",
    "hearing_loop",
    "other",
]
LifeArea = Literal[
    "housing",
    "mobility",
    "work",
    "leisure",
    "participation",
    "daily_living",
    "finances",
    "health",
    "relationships",
]
ExpressedBy = Literal["client", "legal_representative", "relative", "support_worker", "network"]
GoalStatus = Literal["proposed", "active", "achieved", "changed", "dropped"]
Trend = Literal["improving", "no_change", "worsening", "achieved"]
ServiceType = Literal[
    "personal_assistance",
    "guidance_and_coaching",
    "other_housing_support",
    "day_activities",
    "job_coaching",
    "mobility_support",
    "financial_support",
    "home_care",
    "support_services",
    "social_guidance",
    "social_rehabilitation",
]
Sector = Literal[
    "wellbeing_region", "municipal", "third_sector", "private", "parish", "joint_authority"
]
ReferralBasis = Literal["consent", "purchase_contract", "service_voucher"]
"""Why the receiving organisation may learn of the referral: the client's consent (checked by the
gateway when the referral is sent), or the organiser's purchase contract or service voucher, under
which the producer acts on the organiser's behalf."""
InformalRelation = Literal["family", "friend", "neighbour", "volunteer", "other"]
AmountPer = Literal["week", "month"]
PhaseReason = Literal["initial", "progress", "setback", "client_request", "review", "other"]
VisitMethod = Literal["meeting", "home_visit", "phone", "network_meeting"]
ObservationKind = Literal["rent_payment", "disturbance"]
RentStatus = Literal["paid", "late", "partially_paid", "unpaid"]
Severity = Literal["low", "medium", "high"]
TaskOutcome = Literal["resolved", "payment_plan_agreed", "referred", "no_action_needed", "other"]
ReferralStatus = Literal["sent", "accepted", "declined", "delivered"]
ReferralAnswer = Literal["accepted", "declined", "delivered"]
DeclineReason = Literal[
    "no_capacity", "not_eligible", "could_not_contact", "client_not_interested", "other"
]
ParticipantRole = Literal[
    "client",
    "legal_representative",
    "relative",
    "support_worker",
    "area_coordinator",
    "social_worker",
    "provider",
    "other",
]
LocalService = Literal[
    "library",
    "health_centre",
    "post_office",
    "bank",
    "swimming_hall",
    "adult_education_centre",
    "shop",
    "other",
]

# Task due times and allowed transitions are domain rules, kept beside the codes they use.
GOAL_TRANSITIONS: dict[str, set[str]] = {
    "proposed": {"active", "dropped"},
    "active": {"achieved", "changed", "dropped"},
    "achieved": set(),
    "changed": set(),
    "dropped": set(),
}
PLAN_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"active"},
    "active": {"under_review", "closed"},
    "under_review": {"active", "closed"},
    "closed": set(),
}
REFERRAL_TRANSITIONS: dict[str, set[str]] = {
    "sent": {"accepted", "declined"},
    "accepted": {"delivered", "declined"},
    "declined": set(),
    "delivered": set(),
}
ACTIVE_REFERRAL_STATUSES = ("sent", "accepted", "delivered")

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "phase": {
        "readiness_assessment": (
            "Asumisvalmiuksien kartoitus ja ohjaus",
            "Kartläggning av boendefärdigheter och handledning",
        ),
        "intensive": ("Vahvan tuen jakso", "Period med intensivt stöd"),
        "normal": ("Normaalin tuen jakso", "Period med normalt stöd"),
        "light": ("Kevyen tuen jakso", "Period med lätt stöd"),
    },
    "plan_status": {
        "draft": ("Luonnos", "Utkast"),
        "active": ("Voimassa", "Gällande"),
        "under_review": ("Tarkistettavana", "Under granskning"),
        "closed": ("Päättynyt", "Avslutad"),
    },
    "legal_basis": {
        "social_welfare_act": ("Sosiaalihuoltolaki", "Socialvårdslagen"),
        "disability_services_act": ("Vammaispalvelulaki", "Lagen om funktionshinderservice"),
    },
    "life_area": {
        "housing": ("Asuminen", "Boende"),
        "mobility": ("Liikkuminen", "Rörlighet"),
        "work": ("Työ", "Arbete"),
        "leisure": ("Vapaa-aika", "Fritid"),
        "participation": ("Osallisuus", "Delaktighet"),
        "daily_living": ("Arki", "Vardag"),
        "finances": ("Talous", "Ekonomi"),
        "health": ("Terveys", "Hälsa"),
        "relationships": ("Ihmissuhteet", "Relationer"),
    },
    "service_type": {
        "personal_assistance": ("Henkilökohtainen apu", "Personlig assistans"),
        "guidance_and_coaching": ("Ohjaus ja valmennus", "Handledning och träning"),
        "other_housing_support": ("Asumista tukeva muu palvelu", "Annan tjänst som stöder boende"),
        "day_activities": ("Päiväaikainen toiminta", "Dagverksamhet"),
        "job_coaching": ("Työhönvalmennus", "Arbetsträning"),
        "mobility_support": ("Liikkumista tukevat palvelut", "Tjänster som stöder rörlighet"),
        "financial_support": ("Taloudellinen tuki", "Ekonomiskt stöd"),
        "home_care": ("Kotihoito", "Hemvård"),
        "support_services": ("Tukipalvelut", "Stödtjänster"),
        "social_guidance": ("Sosiaaliohjaus", "Social handledning"),
        "social_rehabilitation": ("Sosiaalinen kuntoutus", "Social rehabilitering"),
    },
    "visit_method": {
        "meeting": ("Tapaaminen", "Möte"),
        "home_visit": ("Kotikäynti", "Hembesök"),
        "phone": ("Puhelu", "Telefonsamtal"),
        "network_meeting": ("Verkostopalaveri", "Nätverksmöte"),
    },
    "decline_reason": {
        "no_capacity": ("Ei kapasiteettia", "Ingen kapacitet"),
        "not_eligible": ("Ei täytä ehtoja", "Uppfyller inte villkoren"),
        "could_not_contact": ("Ei tavoitettu", "Nåddes inte"),
        "client_not_interested": ("Asiakas ei ole kiinnostunut", "Klienten är inte intresserad"),
        "other": ("Muu syy", "Annat skäl"),
    },
}
