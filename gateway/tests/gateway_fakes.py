"""Fake plans and consent services for gateway unit tests (the integration tests use the real ones).

They speak the same internal contract the gateway relies on — ownership, relations,
decisions — keep their data in memory, and remember the headers they received.
"""

import asyncio
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

INTERNAL_TOKEN = "dev-internal-token-not-for-production"


@dataclass
class FakeWorld:
    """What the fake services know."""

    owners: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
    areas: dict[str, tuple[str, str]] = field(default_factory=dict)
    relations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    permits: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    consents: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen_headers: list[dict[str, str]] = field(default_factory=list)
    delay_seconds: float = 0.0

    def add_client(self, region: str = "kymenlaakso", municipality: str = "286") -> tuple[str, str]:
        """Create a client with one plan; return (client_id, plan_id)."""
        client_id, plan_id = str(uuid4()), str(uuid4())
        self.areas[client_id] = (region, municipality)
        self.owners[("client", client_id)] = (client_id, None)
        self.owners[("plan", plan_id)] = (client_id, None)
        self.plans[plan_id] = {
            "id": plan_id,
            "client_id": client_id,
            "status": "active",
            "version": 1,
            "goals": [{"life_area": "housing", "text": "oma koti"}],
        }
        return client_id, plan_id

    def relate(self, client_id: str, organisation_id: str, active: bool = True) -> None:
        self.relations.setdefault(client_id, []).append(
            {
                "organisation_id": organisation_id,
                "relation": "service",
                "active": active,
                "since": "2026-01-01",
                "until": None,
            }
        )

    def permit(self, client_id: str, organisation_id: str, category: str = "plan") -> str:
        consent_id = str(uuid4())
        self.permits[(client_id, organisation_id, category)] = [consent_id]
        self.consents[consent_id] = {
            "id": consent_id,
            "subject_id": client_id,
            "status": "active",
            "data_categories": [category],
            "recipients": [organisation_id],
        }
        return consent_id


def _guarded(world: FakeWorld, app: FastAPI) -> None:
    @app.middleware("http")
    async def internal_only(request: Request, call_next: Any) -> Any:
        world.seen_headers.append(dict(request.headers))
        if (
            request.headers.get("x-internal-token") != INTERNAL_TOKEN
            and request.url.path != "/openapi.json"
        ):
            return JSONResponse({"detail": "internal credential required"}, status_code=401)
        if world.delay_seconds:
            await asyncio.sleep(world.delay_seconds)
        return await call_next(request)


def fake_plans(world: FakeWorld) -> FastAPI:
    app = FastAPI(title="fake plans")
    _guarded(world, app)

    @app.get("/api/v1/ownership/{kind}/{object_id}")
    async def ownership(kind: str, object_id: UUID) -> Any:
        found = world.owners.get((kind, str(object_id)))
        if found is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        region, municipality = world.areas[found[0]]
        return {
            "kind": kind,
            "id": str(object_id),
            "client_id": found[0],
            "organisation_id": found[1],
            "owner_organisation_id": None,
            "region": region,
            "municipality": municipality,
        }

    @app.get("/api/v1/clients/{client_id}")
    async def client(client_id: UUID) -> Any:
        area = world.areas.get(str(client_id))
        if area is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        return {
            "id": str(client_id),
            "client_id": str(client_id),
            "region": area[0],
            "municipality": area[1],
            "personal_identity_code": "010190-****",
        }

    @app.get("/api/v1/clients/{client_id}/organisations")
    async def organisations(client_id: UUID) -> Any:
        return world.relations.get(str(client_id), [])

    @app.get("/api/v1/plans/{plan_id}")
    async def plan(plan_id: UUID) -> Any:
        return world.plans.get(str(plan_id)) or JSONResponse(
            {"detail": "not found"}, status_code=404
        )

    @app.get("/api/v1/clients/{client_id}/plans")
    async def client_plans(client_id: UUID) -> Any:
        return {
            "items": [p for p in world.plans.values() if p["client_id"] == str(client_id)],
            "next_cursor": None,
        }

    @app.get("/api/v1/clients/{client_id}/realisation")
    async def realisation(client_id: UUID, month: str) -> Any:
        return {
            "client_id": str(client_id),
            "month": month,
            "planned_minutes": 660,
            "delivered_minutes": 600,
        }

    @app.patch("/api/v1/plans/{plan_id}")
    async def change_plan(plan_id: UUID, request: Request) -> Any:
        plan = world.plans[str(plan_id)]
        plan.update(await request.json())
        return plan

    return app


def fake_consent(world: FakeWorld) -> FastAPI:
    app = FastAPI(title="fake consent")
    _guarded(world, app)

    @app.get("/api/v1/ownership/{kind}/{object_id}")
    async def ownership(kind: str, object_id: UUID) -> Any:
        # Consent knows a consent's subject, not the subject's area: the gateway asks plans.
        found = world.consents.get(str(object_id)) if kind == "consent" else None
        if found is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        return {"kind": kind, "id": str(object_id), "client_id": found["subject_id"]}

    @app.get("/api/v1/consents/{consent_id}")
    async def consent(consent_id: UUID) -> Any:
        return world.consents.get(str(consent_id)) or JSONResponse(
            {"detail": "not found"}, status_code=404
        )

    @app.post("/api/v1/decisions")
    async def decide(request: Request) -> Any:
        body = await request.json()
        ids = world.permits.get((body["subject_id"], body["recipient"], body["data_category"]))
        return {"decision": "permit" if ids else "deny", "consent_ids": ids or [], "reason": "fake"}

    @app.get("/api/v1/subjects/{subject_id}/consents")
    async def consents(subject_id: UUID) -> Any:
        return {
            "items": [
                {
                    "id": ids[0],
                    "status": "active",
                    "purpose": "plan_sharing_with_provider",
                    "data_categories": [cat],
                    "recipients": [org],
                }
                for (client, org, cat), ids in world.permits.items()
                if client == str(subject_id)
            ]
        }

    return app
