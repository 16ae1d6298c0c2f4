"""HTTP routes of the consent service, one module per area; thin: validated input → use case → read model."""

from fastapi import APIRouter

from consent.ownership import KINDS
from consent.routers import audit_logs, consents, decisions, receipts, subjects, vocabulary
from tukiverkko_common.ownership import ownership_router

ROUTERS: list[APIRouter] = [
    decisions.router,
    consents.router,
    receipts.router,
    subjects.router,
    audit_logs.router,
    vocabulary.router,
    ownership_router(KINDS),
]
