"""The catalogue dispatcher serves exactly the requests the router would give a catalogued operation."""

import itertools
from uuid import uuid4

import pytest
from gateway_fakes import FakeWorld
from gateway_harness import Gateway
from prometheus_client.parser import text_string_to_metric_families
from starlette.routing import Match, Route

from gateway.main import create_app
from gateway.routes import proxy
from gateway.routes.dispatch import CatalogueDispatcher
from gateway.routes.proxy import CatalogueRoute

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _router_choice(routes, scope) -> object | None:
    """The route Starlette's router would hand the request to (first full match), or None."""
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
    return None


def _scope(method: str, path: str) -> dict:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }


def _sample_paths(template: str) -> list[str]:
    """Concrete paths from a route template, plus near misses (extra/missing segment, trailing slash)."""
    filled = "".join(
        part if i % 2 == 0 else str(uuid4()) if part.endswith("_id") else "3"
        for i, part in enumerate(template.replace("{", "}").split("}"))
    )
    return [
        filled,
        filled + "/",
        filled + "/extra",
        filled.rsplit("/", 1)[0],
        filled.replace("/api/v1", "/api/v2"),
    ]


def test_the_dispatcher_picks_the_routers_route_for_every_method_and_path():
    app = create_app()
    routes = app.router.routes
    dispatcher = CatalogueDispatcher(
        app.router, routes=routes, exception_handlers=app.exception_handlers
    )
    templates = {r.path for r in routes if isinstance(r, Route)}
    dispatched = passed_on = 0
    for template, method in itertools.product(sorted(templates), METHODS):
        for path in _sample_paths(template):
            scope = _scope(method, path)
            expected = _router_choice(routes, scope)
            found = dispatcher._match(scope)
            if isinstance(expected, CatalogueRoute):
                assert found is not None and found[0] is expected, (method, path)
                dispatched += 1
            else:
                assert found is None, (method, path, expected)
                passed_on += 1
    catalogued = sum(len(r.methods) for r in routes if isinstance(r, CatalogueRoute))
    assert dispatched >= catalogued, "every catalogued operation was dispatched at least once"
    assert passed_on > dispatched, (
        "non-catalogued routes, wrong methods and near misses were left to FastAPI"
    )


def test_a_route_declared_earlier_keeps_its_path_from_a_catalogued_one():
    app = create_app()
    patch = next(
        r
        for r in app.router.routes
        if isinstance(r, CatalogueRoute)
        and r.path == "/api/v1/plans/{plan_id}"
        and r.methods == {"PATCH"}
    )

    async def earlier(request):  # pragma: no cover - never called, only matched
        raise AssertionError

    routes = [Route("/api/v1/plans/{anything}", earlier, methods=["GET"]), *app.router.routes]
    dispatcher = CatalogueDispatcher(
        app.router, routes=routes, exception_handlers=app.exception_handlers
    )
    assert dispatcher._match(_scope("GET", f"/api/v1/plans/{uuid4()}")) is None
    assert dispatcher._match(_scope("PATCH", f"/api/v1/plans/{uuid4()}"))[0] is patch, (
        "other methods still dispatch"
    )


@pytest.fixture
def router_calls(monkeypatch) -> list[str]:
    """Record every catalogued operation the router (not the dispatcher) is asked to handle."""
    calls: list[str] = []
    original = CatalogueRoute.handle

    async def handle(self, scope, receive, send):
        calls.append(f"{scope['method']} {self.path}")
        await original(self, scope, receive, send)

    monkeypatch.setattr(CatalogueRoute, "handle", handle)
    return calls


async def test_reads_and_problems_are_answered_by_the_dispatcher_and_the_rest_by_fastapi(
    fake_gateway: Gateway, fake_world: FakeWorld, router_calls: list[str]
):
    region = await fake_gateway.register("Suora reitti", "wellbeing_region")
    _, plan_id = fake_world.add_client("kymenlaakso")

    read = await fake_gateway.call(region, "GET", f"/api/v1/plans/{plan_id}")
    assert read.status_code == 200 and read.json()["id"] == plan_id
    assert read.headers["x-request-id"], "the request-id layer still wraps dispatched requests"
    missing = await fake_gateway.call(region, "GET", f"/api/v1/plans/{uuid4()}")
    assert (
        missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    )
    invalid = await fake_gateway.call(region, "GET", "/api/v1/plans/not-a-uuid")
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["field"] == "path.plan_id"
    assert router_calls == []

    head = await fake_gateway.call(region, "HEAD", f"/api/v1/plans/{plan_id}")
    assert head.status_code == 405
    assert router_calls == [f"HEAD {'/api/v1/plans/{plan_id}'}"], (
        "a method the operation lacks goes to FastAPI"
    )
    slash = await fake_gateway.call(
        region, "GET", f"/api/v1/plans/{plan_id}/", follow_redirects=False
    )
    assert slash.status_code == 307 and slash.headers["location"].endswith(
        f"/api/v1/plans/{plan_id}"
    )

    metrics = (await fake_gateway.http.get("/metrics")).text
    labelled = {
        (s.labels["route"], s.labels["status"])
        for family in text_string_to_metric_families(metrics)
        for s in family.samples
        if s.name.endswith("_requests_total") and "route" in s.labels
    }
    assert ("/api/v1/plans/{plan_id}", "200") in labelled, "metrics still name the route template"


async def test_an_unexpected_failure_in_a_dispatched_operation_is_a_500_problem_without_details(
    fake_gateway: Gateway, fake_world: FakeWorld, monkeypatch
):
    region = await fake_gateway.register("Kaatuva reitti", "wellbeing_region")
    _, plan_id = fake_world.add_client("kymenlaakso")

    async def broken(*args, **kwargs):
        raise RuntimeError("internal detail that must not reach the caller")

    monkeypatch.setattr(proxy, "forward", broken)
    response = await fake_gateway.call(region, "GET", f"/api/v1/plans/{plan_id}")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "internal detail" not in response.text
