"""HTTP routes of the plans service, one module per area; thin: validated input → use case → read model."""

from fastapi import APIRouter

from plans.routers import (
    agreed_services,
    clients,
    goals,
    housing,
    housing_networks,
    meetings,
    ownership,
    phases,
    plans,
    realisation,
    referrals,
    rent_ledger,
    survey,
    visits,
)

ROUTERS: list[APIRouter] = [
    clients.router,
    plans.router,
    goals.router,
    agreed_services.router,
    phases.router,
    visits.router,
    meetings.router,
    housing.router,
    rent_ledger.router,
    referrals.router,
    realisation.router,
    housing_networks.router,
    survey.router,
    ownership.router,
    ownership.ownership,
]

TAGS = [
    {
        "name": "clients",
        "description": "Clients with a validated personal identity code (masked on read)",
    },
    {
        "name": "plans",
        "description": "Client plans (asiakassuunnitelma): versions, history, approval, status",
    },
    {
        "name": "goals",
        "description": "Goals per life area, lifecycle, trend and dated progress notes",
    },
    {
        "name": "services",
        "description": "Agreed services: type, legal basis, provider, amount, period, goals",
    },
    {
        "name": "phases",
        "description": "Phased housing support: readiness assessment, intensive, normal, light",
    },
    {"name": "visits", "description": "Delivery log: visits and contacts"},
    {
        "name": "housing",
        "description": "Rent-payment and disturbance observations, intervention tasks",
    },
    {
        "name": "referrals",
        "description": "Support requests to providers and partners, and their answers",
    },
    {
        "name": "realisation",
        "description": "Planned versus delivered client work per Helsinki month",
    },
    {
        "name": "access",
        "description": "Ownership and organisation relations the gateway authorises on; code sets",
    },
]
