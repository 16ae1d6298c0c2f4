"""The plans service's operations at the gateway: clients, plans, goals, services, phases
(`records`), visits, housing follow-up, referrals and the month's realisation (`delivery`),
in that order (the order the router matches and the documents list)."""

from gateway.catalog.plans import delivery, records
from gateway.catalog.route import ProxyRoute

P = "plans"

PATH_KINDS: dict[str, tuple[str, str]] = {
    "client_id": (P, "client"),
    "plan_id": (P, "plan"),
    "goal_id": (P, "goal"),
    "service_id": (P, "service"),
    "visit_id": (P, "visit"),
    "referral_id": (P, "referral"),
    "observation_id": (P, "observation"),
    "task_id": (P, "task"),
    "phase_id": (P, "phase"),
}

ROUTES: list[ProxyRoute] = records.ROUTES + delivery.ROUTES

NOT_EXPOSED: dict[tuple[str, str, str], str] = {
    (P, "GET", "/api/v1/ownership/{kind}/{ident}"): "the gateway's own authorisation lookup",
    (P, "POST", "/api/v1/ownership/{kind}"): "the gateway's own lookup for a list's page",
    (
        P,
        "POST",
        "/api/v1/realisation/{month}/close",
    ): "run by the plans service's own monthly scheduler",
}
