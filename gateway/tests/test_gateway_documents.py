"""The API documents: one OpenAPI for the whole platform, complete with examples; AsyncAPI 3.0 of the topics;
and every upstream operation either exposed with a rule or deliberately kept internal."""

import importlib
from pathlib import Path

import httpx
import pytest
from gateway_platform import Platform

from gateway.catalog import NOT_EXPOSED, ROUTES
from tukiverkko_common.launcher import discover

ROOT = Path(__file__).resolve().parents[2]

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def test_every_service_in_the_tree_is_behind_the_gateway():
    services = {d.name for d in discover(ROOT) if not d.is_gateway}
    integrated = {r.upstream for r in ROUTES}
    assert services <= integrated, (
        f"services with no gateway routes yet: {sorted(services - integrated)}"
    )


def _service_operations(app_path: str) -> set[tuple[str, str]]:
    """Return (method, path) of every API operation of a service, from its app factory."""
    module, _, factory = app_path.partition(":")
    spec = getattr(importlib.import_module(module), factory)().openapi()
    return {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        if path.startswith("/api/")
        for method in item
        if method in HTTP_METHODS
    }


def test_every_service_operation_is_exposed_with_a_rule_or_deliberately_kept_internal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    # Every service in the tree, found as `make run` finds it: a new service needs no edit here.
    monkeypatch.setenv("TUKIVERKKO_ENV", "development")
    monkeypatch.setenv("TUKIVERKKO_DATA_DIR", str(tmp_path))
    decided = {(r.upstream, r.method, r.path) for r in ROUTES} | set(NOT_EXPOSED)
    offered = {
        (d.name, method, path)
        for d in discover(ROOT)
        if not d.is_gateway
        for method, path in _service_operations(d.app)
    }
    services = {d.name for d in discover(ROOT) if not d.is_gateway}
    assert {name for name, _, _ in offered} == services, "a service that offers no operation"
    assert sorted(offered - decided) == [], "operations nobody decided an access rule for"
    assert sorted(decided - offered) == [], "catalogued operations the services no longer offer"


async def test_the_openapi_document_is_complete_with_examples_and_security(platform: Platform):
    doc = (await platform.gateway.http.get("/openapi.json")).json()
    assert doc["openapi"].startswith("3.1")
    oauth = doc["components"]["securitySchemes"]["oauth2"]
    assert oauth["flows"]["clientCredentials"]["tokenUrl"] == "/api/v1/oauth/token"
    without_examples, without_security = [], []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            for media in op.get("requestBody", {}).get("content", {}).values():
                if "example" not in media and "examples" not in media:
                    without_examples.append(f"{method} {path} request")
            for status, response in op["responses"].items():
                for media in response.get("content", {}).values():
                    if (
                        status.startswith("2")
                        and "example" not in media
                        and "examples" not in media
                    ):
                        without_examples.append(f"{method} {path} {status}")
            if path.startswith("/api/v1/") and "security" not in op:
                without_security.append(f"{method} {path}")
    assert without_examples == []
    assert without_security == []
    plan_read = doc["paths"]["/api/v1/plans/{plan_id}"]["get"]
    assert plan_read["security"] == [{"oauth2": ["plans:read"]}]
    assert {"401", "403", "404", "429", "503"} <= set(plan_read["responses"])
    assert "PlanRead" in str(plan_read["responses"]["200"]), (
        "the plans service's own schema is used"
    )
    problem = plan_read["responses"]["403"]["content"]
    assert list(problem) == ["application/problem+json"]
    assert set(doc.get("webhooks", {})) == {
        "/referral.sent",
        "/referral.answered",
        "/service.agreed",
    }
    for webhook in doc["webhooks"].values():
        assert webhook["post"]["security"] == [{"webhookSignature": []}]
    assert doc["servers"], "a document without servers leaves clients guessing the base URL"
    assert [p for p in doc["paths"] if p.startswith(("/health", "/metrics"))] == []
    assert (
        plan_read["responses"]["404"]["content"]["application/problem+json"]["example"]["status"]
        == 404
    )


async def test_the_asyncapi_document_describes_the_topics_and_the_audit_events(platform: Platform):
    doc = (await platform.gateway.http.get("/api/v1/asyncapi.json")).json()
    assert doc["asyncapi"] == "3.0.0"
    addresses = {c["address"] for c in doc["channels"].values()}
    assert {"tukiverkko.plans", "tukiverkko.consent", "tukiverkko.audit"} <= addresses
    disclosed = doc["components"]["schemas"]["audit_data_disclosed_v1"]
    assert {"recipient_organisation_id", "consent_ids", "client_id"} <= set(disclosed["properties"])


async def test_services_cannot_be_reached_around_the_gateway_without_the_internal_credential(
    platform: Platform,
):
    async with httpx.AsyncClient(base_url=platform.plans.url) as client:
        direct = await client.get("/api/v1/plans", params={"limit": "1"})
    assert direct.status_code == 401
    async with httpx.AsyncClient(base_url=platform.consent.url) as client:
        decide = await client.post("/api/v1/decisions", json={})
    assert decide.status_code == 401
