"""HTTP routes of the consent service, one module per area; thin: validated input → use case → read model."""

from fastapi import APIRouter

from consent.routers import audit_logs, consents, decisions, receipts, subjects, vocabulary

ROUTERS: list[APIRouter] = [
    decisions.router,
    consents.router,
    receipts.router,
    subjects.router,
    audit_logs.router,
    vocabulary.router,
]
