"""The upstream client: retries only for idempotent calls, and a circuit breaker per upstream."""

import asyncio

import pytest
from fastapi import FastAPI, Request, Response
from gateway_harness import serve

from gateway.config import GatewaySettings
from gateway.upstream import UpstreamError, Upstreams
from tukiverkko_common.broker import free_port


class Flaky:
    """A service that answers 503 to the first `failures` calls of each route."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls: dict[str, int] = {}

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.api_route("/thing", methods=["GET", "POST"])
        async def thing(response: Response) -> dict:
            count = self.calls["thing"] = self.calls.get("thing", 0) + 1
            if count <= self.failures:
                response.status_code = 503
                return {"detail": "busy"}
            return {"calls": count}

        return app


def _upstreams(url: str, **overrides) -> Upstreams:
    values = {
        "upstreams": {"svc": url},
        "upstream_retries": 2,
        "upstream_retry_backoff_seconds": 0.01,
        "breaker_failure_threshold": 3,
        "breaker_reset_seconds": 0.3,
        "upstream_timeout_seconds": 1.0,
    }
    values.update(overrides)
    return Upstreams(GatewaySettings(**values))


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
async def test_a_get_is_retried_through_two_503s_and_a_post_is_not(transport: str):
    flaky = Flaky(failures=2)
    server = await serve("flaky", flaky.app())
    upstreams = _upstreams(server.url, upstream_transport=transport)
    try:
        got = await upstreams.get("svc").request("GET", "/thing")
        assert got.status_code == 200 and got.json() == {"calls": 3}
        flaky.calls.clear()
        posted = await upstreams.get("svc").request("POST", "/thing", json={})
        assert posted.status_code == 503 and flaky.calls["thing"] == 1, (
            "a change is never sent twice"
        )
    finally:
        await upstreams.aclose()
        await server.stop()


async def test_the_circuit_opens_after_repeated_failures_and_closes_after_a_successful_trial():
    port = free_port()
    upstreams = _upstreams(f"http://127.0.0.1:{port}", upstream_retries=0)
    svc = upstreams.get("svc")
    try:
        reasons = []
        for _ in range(4):
            with pytest.raises(UpstreamError) as failure:
                await svc.request("GET", "/thing")
            reasons.append(failure.value.reason)
        assert reasons == ["unavailable", "unavailable", "unavailable", "circuit_open"]
        server = await serve("recovered", Flaky(failures=0).app(), port)
        try:
            with pytest.raises(UpstreamError, match="circuit_open"):
                await svc.request("GET", "/thing")  # still cooling down: no call is made
            await asyncio.sleep(0.35)
            trial = await svc.request("GET", "/thing")
            assert trial.status_code == 200 and svc.breaker.state == "closed"
        finally:
            await server.stop()
    finally:
        await upstreams.aclose()


async def test_an_unconfigured_upstream_is_reported_as_such():
    upstreams = _upstreams("http://127.0.0.1:9")
    with pytest.raises(UpstreamError) as failure:
        upstreams.get("network")
    assert failure.value.reason == "not_configured"
    await upstreams.aclose()


def _cookie_setter() -> tuple[FastAPI, list[str | None]]:
    """A service that sets a cookie and a redirect, and records the Cookie header it is sent."""
    seen: list[str | None] = []
    app = FastAPI()

    @app.get("/login")
    async def login(request: Request) -> Response:
        seen.append(request.headers.get("cookie"))
        response = Response(status_code=302, headers={"location": "/elsewhere"})
        response.set_cookie("session", "upstream-secret")
        return response

    return app, seen


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
async def test_an_upstreams_cookies_are_never_kept_and_its_redirects_never_followed(transport: str):
    app, seen = _cookie_setter()
    server = await serve("cookies", app)
    # By name, as services are addressed in a deployment (cookie jars ignore cookies from IP addresses).
    upstreams = _upstreams(
        server.url.replace("127.0.0.1", "localhost"), upstream_transport=transport
    )
    try:
        for _ in range(2):
            answer = await upstreams.get("svc").request("GET", "/login")
            assert answer.status_code == 302, "the redirect is relayed, not followed"
            assert "upstream-secret" in answer.headers["set-cookie"]
        assert seen == [None, None], (
            "one caller's upstream cookie must not ride along on anyone's next call"
        )
    finally:
        await upstreams.aclose()
        await server.stop()


async def test_a_cancelled_trial_call_does_not_wedge_the_circuit_open():
    slow = FastAPI()

    @slow.get("/thing")
    async def thing() -> dict:
        await asyncio.sleep(5)
        return {}

    server = await serve("slow", slow)
    upstreams = _upstreams(server.url, upstream_retries=0, breaker_failure_threshold=1)
    svc = upstreams.get("svc")
    try:
        svc.breaker.failure()  # open
        await asyncio.sleep(0.35)  # cooled down: the next call is the trial
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.2):  # the overview cancels a part at its deadline
                await svc.request("GET", "/thing")
        await asyncio.sleep(0.35)
        with pytest.raises(UpstreamError) as failure:
            await svc.request("GET", "/thing", timeout=0.2)
        assert failure.value.reason == "timeout", "a new trial goes out after the cancelled one"
    finally:
        await upstreams.aclose()
        await server.stop()
