"""Rate limits and login lockout hold across gateway replicas sharing one database.

Two gateway apps on one database stand for two replicas behind a load balancer: a
caller's allowance, its token requests and an address's failed logins are counted
once, whichever replica each request reaches.
"""

import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from types import SimpleNamespace

import httpx
import pytest
from gateway_harness import Gateway, OrgClient, gateway_settings, running_gateway
from sqlalchemy import text

from gateway import limits
from gateway.main import create_app
from tukiverkko_common.testing.plugin import unique_topic_suffix

LIMITS = {
    "rate_limit_per_second": 0.01,
    "rate_limit_burst": 4,
    "token_endpoint_per_minute": 6,
    "token_lockout_failures": 3,
    "token_lockout_seconds": 60,
}


@asynccontextmanager
async def _two_gateways(
    database_url: str, bootstrap: str, fake_services, **overrides: object
) -> AsyncIterator[list[Gateway]]:
    """Two gateway apps (own consumer groups, own processes' memory) on one database."""
    upstreams = {n: s.url for n, s in fake_services.items()}
    async with AsyncExitStack() as stack:
        running = []
        for _ in range(2):
            settings = gateway_settings(
                database_url, bootstrap, f"gateway-{unique_topic_suffix()}", upstreams
            )
            settings = settings.model_copy(update=LIMITS | overrides)
            running.append(await stack.enter_async_context(running_gateway(settings, create_app)))
        yield running


@pytest.fixture
async def replicas(
    database_url: str, bootstrap_servers: str, fake_services
) -> AsyncIterator[list[Gateway]]:
    async with _two_gateways(
        database_url, bootstrap_servers, fake_services, rate_limit_shared=True
    ) as running:
        yield running


def _from(gateway: Gateway, address: str) -> httpx.AsyncClient:
    """A client reaching one replica as if from this network address."""
    transport = httpx.ASGITransport(app=gateway.app, client=(address, 40123))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway.test")


async def _login(http: httpx.AsyncClient, org: OrgClient, secret: str) -> httpx.Response:
    form = {"grant_type": "client_credentials", "client_id": org.client_id, "client_secret": secret}
    return await http.post("/api/v1/oauth/token", data=form)


async def test_a_callers_allowance_is_spent_once_across_both_replicas(replicas: list[Gateway]):
    one, two = replicas
    busy = await one.register("Kiireinen integraatio", "wellbeing_region")
    calm = await one.register("Rauhallinen integraatio", "wellbeing_region")
    headers = await busy.headers()
    statuses = []
    for n in range(5):  # alternating, as a round robin in front of the replicas would
        response = await replicas[n % 2].http.get("/api/v1/me", headers=headers)
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 200, 429], "a burst of 4 in all, not 4 per replica"
    limited = await two.http.get("/api/v1/me", headers=headers)
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["content-type"] == "application/problem+json"
    calm_headers = await calm.headers()
    assert (await two.http.get("/api/v1/me", headers=calm_headers)).status_code == 200


async def test_token_requests_are_counted_once_across_both_replicas(
    replicas: list[Gateway], monkeypatch: pytest.MonkeyPatch
):
    # 6 a minute refills one every 10 s: on a loaded machine eight logins can outlast that,
    # so the buckets' clock stands still here (what is tested is the sharing, not the refill).
    frozen = time.time()
    monkeypatch.setattr(
        limits, "time", SimpleNamespace(time=lambda: frozen, monotonic=time.monotonic)
    )
    org = await replicas[0].register("Tokenien hakija", "municipality")
    async with _from(replicas[0], "192.0.2.10") as a, _from(replicas[1], "192.0.2.10") as b:
        statuses = [(await _login(http, org, org.secret)).status_code for http in (a, b) * 4]
    assert statuses == [200] * 6 + [429] * 2, "6 token requests a minute in all, not 6 per replica"


async def test_failed_logins_on_either_replica_lock_the_pair_on_both(replicas: list[Gateway]):
    one, two = replicas
    org = await one.register("Lukittava integraatio", "municipality")
    attacker = "203.0.113.66"
    async with _from(one, attacker) as a, _from(two, attacker) as b:
        failures = [(await _login(http, org, "guess")).status_code for http in (a, b, a)]
        assert failures == [401, 401, 401]
        locked = await _login(b, org, org.secret)
        assert locked.status_code == 429, "three failures over both replicas locked the pair"
        assert locked.json()["error_description"] == "too many failed logins"
        assert int(locked.headers["retry-after"]) >= 1
    async with _from(two, "198.51.100.10") as real:
        granted = await _login(real, org, org.secret)
    assert granted.status_code == 200, "the rightful caller from its own address is not locked out"
    async with one.state.runtime.engine.connect() as conn:
        stored = list(await conn.scalars(text("SELECT key FROM login_failures")))
    assert stored and all(len(key) == 64 for key in stored), "keyed hashes only"
    assert not [key for key in stored if attacker in key or org.client_id in key]


async def test_a_success_on_one_replica_clears_the_failures_counted_on_the_other(
    replicas: list[Gateway],
):
    one, two = replicas
    org = await one.register("Unohtava integraatio", "municipality")
    async with _from(one, "192.0.2.77") as a, _from(two, "192.0.2.77") as b:
        assert [(await _login(a, org, "typo")).status_code for _ in range(2)] == [401, 401]
        assert (await _login(b, org, org.secret)).status_code == 200
        after = [(await _login(a, org, "typo")).status_code for _ in range(2)]
    assert after == [401, 401], "the count started afresh after the success on the other replica"


async def test_without_sharing_each_replica_counts_the_per_request_limit_alone(
    tmp_path, bootstrap_servers: str, fake_services
):
    """The default and its documented factor: behind N replicas a caller gets N × the burst."""
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'gw.db'}"
    async with _two_gateways(database_url, bootstrap_servers, fake_services) as replicas:
        await _spend_per_replica(replicas)


async def _spend_per_replica(replicas: list[Gateway]) -> None:
    busy = await replicas[0].register("Kahden replikan asiakas", "wellbeing_region")
    headers = await busy.headers()
    statuses = [
        (await replicas[n % 2].http.get("/api/v1/me", headers=headers)).status_code
        for n in range(10)
    ]
    assert statuses == [200] * 8 + [429] * 2, "4 per replica, 8 in all behind two"
