"""Published event contracts, one module per producing service.

Only the producing service edits its module. Changes are additive; a breaking change is
a new `.vN` event type. Importing this package registers every contract (for consumers,
the JSON Schema export and the AsyncAPI document).
"""

from tukiverkko_common.contracts import audit, consent, plans

TOPICS: dict[str, str] = {
    plans.TOPIC: "Client plans: clients, plans, goals, services, phases, visits, realisation, referrals",
    consent.TOPIC: "Consent records: granted, changed, withdrawn, expired",
    audit.TOPIC: "Access-log and disclosure-log entries recorded by the gateway",
}

__all__ = ["TOPICS", "audit", "consent", "plans"]
