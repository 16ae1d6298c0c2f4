"""Must-show BOLA: for every operation that takes an id, callers of other organisations get 403/404.

The operations are read from the gateway's OpenAPI document at collection time, one test
each: a new operation with an id in its path gets a test here automatically, and fails it
if nobody decided who may see its objects.

Each service that joins adds its objects in a module of its own beside this file,
`bola_<service>.py`, with `async def bola_objects(platform, owner, provider) -> dict`
(path parameter → id of an object region A's organisation `owner` may read, created through
the gateway; `provider` is a producer related to A's client). Collected without an edit here.
"""

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from gateway_harness import OrgClient
from gateway_platform import Platform

from gateway.config import GatewaySettings
from gateway.main import create_app

PARAM = re.compile(r"{([a-z_]+)}")


def _operations() -> list[tuple[str, str]]:
    app = create_app(GatewaySettings(database_url="sqlite+aiosqlite:///:memory:"))
    found = []
    for path, item in app.openapi()["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete") and PARAM.search(path):
                found.append((method.upper(), path))
    return sorted(found)


OPERATIONS = _operations()
FILTERED_COLLECTIONS = {
    "/api/v1/coordinators/{area_coordinator_id}/shortfalls",
    "/api/v1/districts/{district}/analysis",
    "/api/v1/districts/{district}/sociogram",
}
"""A worker id names no object: another organisation's answer must simply hold none of our clients.
A district's analysis is an aggregate the region's own dashboard reads: it names no client either."""


@pytest.fixture(scope="session")
async def world(platform: Platform) -> dict[str, Any]:
    """One object of every kind, owned by region A, with a provider P related and consented."""
    gw = platform.gateway
    region = await gw.register("Alue A (Kymenlaakso)", "wellbeing_region", region="kymenlaakso")
    provider = await gw.register("Tuottaja P Oy", "service_provider")
    other_region = await gw.register("Alue B (Etelä-Savo)", "wellbeing_region", region="etela-savo")
    other_provider = await gw.register("Tuottaja Q Oy", "service_provider")
    dashboard = await gw.register("Tilannekuva D", "dashboard")
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    goal = await platform.ok(
        region,
        "POST",
        f"/api/v1/plans/{plan['id']}/goals",
        201,
        json={"life_area": "housing", "description": "Oma koti", "expressed_by": "client"},
    )
    await platform.ok(
        region,
        "POST",
        f"/api/v1/goals/{goal['id']}/progress",
        201,
        json={"noted_on": "2026-03-02", "trend": "improving"},
    )
    service = await platform.service(region, plan["id"], provider.id)
    phase = await platform.ok(
        region,
        "POST",
        f"/api/v1/plans/{plan['id']}/phases",
        201,
        json={"phase": "intensive", "started_on": "2026-03-01", "reason_code": "progress"},
    )
    visit = await platform.ok(
        region,
        "POST",
        f"/api/v1/plans/{plan['id']}/visits",
        201,
        json={
            "occurred_at": "2026-03-02T10:00:00+02:00",
            "minutes": 60,
            "worker_id": "wrk_00000000000000000000000000000001",
            "method": "home_visit",
            "service_id": service["id"],
        },
    )
    observation = await platform.ok(
        region,
        "POST",
        f"/api/v1/plans/{plan['id']}/observations",
        201,
        json={
            "kind": "rent_payment",
            "observed_on": "2026-03-05",
            "rent_status": "unpaid",
            "amount_overdue_eur": 540,
        },
    )
    referral = await platform.referral(region, plan["id"], provider.id)
    consent = await platform.grant(
        region, client["id"], provider.id, ["plan", "service_delivery", "identity"]
    )
    webhook = await platform.ok(
        region,
        "POST",
        "/api/v1/webhooks",
        201,
        json={"url": "http://127.0.0.1:9/hook", "event_types": ["referral.sent"]},
    )
    ids = {
        "client_id": client["id"],
        "plan_id": plan["id"],
        "goal_id": goal["id"],
        "service_id": service["id"],
        "phase_id": phase["id"],
        "visit_id": visit["id"],
        "observation_id": observation["id"],
        "task_id": observation["task"]["id"],
        "referral_id": referral["id"],
        "consent_id": consent["id"],
        "subject_id": client["id"],
        "webhook_id": webhook["id"],
        "version": "1",
        "area_coordinator_id": "wrk_c0000000000000000000000000000001",
    }
    for module in sorted(Path(__file__).parent.glob("bola_*.py")):
        extra = await importlib.import_module(module.stem).bola_objects(platform, region, provider)
        ids.update(extra)
    response = await gw.http.get("/openapi.json")
    return {
        "ids": ids,
        "owner": region,
        "client_id": client["id"],
        "doc": response.json(),
        "attackers": {
            "another region": other_region,
            "an unrelated provider": other_provider,
            "a dashboard": dashboard,
        },
    }


def _example_body(doc: dict, method: str, path: str) -> Any:
    op = doc["paths"][path][method.lower()]
    content = op.get("requestBody", {}).get("content", {})
    media = content.get("application/json")
    return None if media is None else media.get("example", {})


def _required_query(doc: dict, method: str, path: str) -> dict[str, str]:
    op = doc["paths"][path][method.lower()]
    return {
        p["name"]: str(p["example"])
        for p in op.get("parameters", [])
        if p["in"] == "query" and p.get("required") and "example" in p
    }


async def _send(
    platform: Platform, caller: OrgClient, method: str, url: str, body: Any, query: dict
):
    kwargs: dict[str, Any] = {"params": query}
    if body is not None:
        kwargs["json"] = body
    return await platform.gateway.call(caller, method, url, **kwargs)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
async def test_callers_of_other_organisations_cannot_reach_the_object(
    platform: Platform, world: dict, method, path
):
    ids = world["ids"]
    missing = [p for p in PARAM.findall(path) if p not in ids]
    assert not missing, f"no test object for {missing}: add one to the BOLA world"
    url = PARAM.sub(lambda m: ids[m.group(1)], path)
    query = _required_query(world["doc"], method, path)
    if method == "GET":
        control = await platform.gateway.call(world["owner"], method, url, params=query)
        assert control.status_code == 200, (
            f"control: the owner reads {url}: {control.status_code} {control.text}"
        )
    body = _example_body(world["doc"], method, path)
    for who, attacker in world["attackers"].items():
        response = await _send(platform, attacker, method, url, body, query)
        if path in FILTERED_COLLECTIONS and response.status_code == 200:
            assert world["client_id"] not in response.text, (
                f"{who} saw our client via {method} {path}"
            )
            continue
        assert response.status_code in (403, 404), (
            f"{who}: {method} {url} → {response.status_code} {response.text}"
        )
        assert response.headers["content-type"] == "application/problem+json", (
            "an error, not the object"
        )
