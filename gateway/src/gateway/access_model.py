"""The access model as one table: who (sector) × relation to the client × basis × data → allowed?

This table is the specification. `gateway/README.md` shows it (rendered by `markdown()`,
kept identical by a test), and `tests/test_gateway_access_model_table.py` turns every row
into a request through the real gateway and services, for every sector the row names, and
checks both the answer and the log entries. Change a rule here, and the README and the
tests follow; change the code without the table, and the suite fails.
"""

from dataclasses import dataclass

PRODUCERS = ("municipal", "third_sector", "private", "parish", "joint_authority")
README_START = "<!-- access-model:start (generated from gateway/src/gateway/access_model.py) -->"
README_END = "<!-- access-model:end -->"


@dataclass(frozen=True)
class Rule:
    """One row: what an organisation of these sectors gets for this data, and what is logged."""

    sectors: tuple[str, ...]
    relation: str
    """organiser | producer (an active agreed service) | referral (an active referral to it) | none"""
    basis: str
    """own_use | consent | no_consent | purchase_contract | service_voucher | none"""
    data: str
    """client | identity_code | plan | delivery_log | own_visit | organiser_visit | referral"""
    status: int
    """The answer: 200/201 allowed; 403/404/422 refused."""
    logged: str
    """use | use+disclosure | none (a refusal leaves a log line without personal data, no entry)"""


RELATIONS = {
    "organiser": "organiser (the client's region)",
    "producer": "producer of an active agreed service",
    "referral": "recipient of an active referral",
    "none": "none",
}
BASES = {
    "own_use": "own use (Act 703/2023)",
    "consent": "client's consent",
    "no_consent": "no consent",
    "purchase_contract": "purchase contract (on the organiser's behalf)",
    "service_voucher": "service voucher (on the organiser's behalf)",
    "none": "—",
}
DATA = {
    "client": "client record, identity code masked (`GET /clients/{id}`)",
    "identity_code": "identity code (`?include=identity`, scope `clients:identity`)",
    "plan": "plan (`GET /plans/{id}`)",
    "delivery_log": "delivery log (`GET /plans/{id}/visits`)",
    "own_visit": "record a visit against its own agreed service",
    "organiser_visit": "record the organiser's own work (a visit without a service)",
    "referral": "the referral (`GET /referrals/{id}`, inbox, answer)",
}
LOGGED = {"use": "use", "use+disclosure": "use + disclosure (with the basis)", "none": "—"}

REGION = ("wellbeing_region",)
ACCESS_MODEL: tuple[Rule, ...] = (
    Rule(REGION, "organiser", "own_use", "client", 200, "use"),
    Rule(REGION, "organiser", "own_use", "identity_code", 200, "use"),
    Rule(REGION, "organiser", "own_use", "plan", 200, "use"),
    Rule(REGION, "organiser", "own_use", "delivery_log", 200, "use"),
    Rule(REGION, "organiser", "own_use", "organiser_visit", 201, "use"),
    Rule(REGION, "none", "none", "client", 404, "none"),
    Rule(PRODUCERS, "producer", "consent", "client", 200, "use+disclosure"),
    Rule(PRODUCERS, "producer", "consent", "identity_code", 403, "none"),
    Rule(PRODUCERS, "producer", "consent", "plan", 200, "use+disclosure"),
    Rule(PRODUCERS, "producer", "no_consent", "plan", 403, "none"),
    Rule(PRODUCERS, "producer", "no_consent", "client", 403, "none"),
    Rule(PRODUCERS, "producer", "no_consent", "delivery_log", 403, "none"),
    Rule(PRODUCERS, "producer", "no_consent", "own_visit", 403, "none"),
    Rule(PRODUCERS, "producer", "consent", "delivery_log", 200, "use+disclosure"),
    Rule(PRODUCERS, "producer", "consent", "own_visit", 201, "use+disclosure"),
    Rule(PRODUCERS, "producer", "consent", "organiser_visit", 422, "none"),
    Rule(PRODUCERS, "referral", "consent", "referral", 200, "use+disclosure"),
    Rule(PRODUCERS, "referral", "purchase_contract", "referral", 200, "use+disclosure"),
    Rule(PRODUCERS, "referral", "service_voucher", "referral", 200, "use+disclosure"),
    Rule(PRODUCERS, "none", "none", "client", 404, "none"),
)
"""The rows. A municipality's own residents are no relation: it is a producer like the rest."""


def _allowed(rule: Rule) -> str:
    return f"yes ({rule.status})" if rule.status < 400 else f"no ({rule.status})"


def markdown() -> str:
    """Return the table as the README shows it."""
    lines = [
        "| sector | relation to the client | basis | data | allowed? | logged as |",
        "|---|---|---|---|---|---|",
    ]
    for rule in ACCESS_MODEL:
        sectors = ", ".join(s.replace("_", " ") for s in rule.sectors)
        lines.append(
            f"| {sectors} | {RELATIONS[rule.relation]} | {BASES[rule.basis]} | {DATA[rule.data]} "
            f"| {_allowed(rule)} | {LOGGED[rule.logged]} |"
        )
    return "\n".join(lines)
