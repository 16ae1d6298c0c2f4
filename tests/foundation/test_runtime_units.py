"""Readiness without a database, and the one backoff every retry loop uses."""

import httpx
from asgi_lifespan import LifespanManager

from tests.foundation.conftest import ledger_settings
from tests.foundation.ledger import build_ledger
from tukiverkko_common.backoff import backoff_delay
from tukiverkko_common.broker import free_port


async def test_a_database_that_cannot_answer_makes_the_process_unready(bootstrap_servers: str):
    nowhere = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/gone"
    settings = ledger_settings(nowhere, bootstrap_servers, "unready")
    app, _ = build_ledger(settings, "test.unready", consume=False)
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://unready") as client:
            response = await client.get("/health/ready")
            live = await client.get("/health/live")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"].startswith("unavailable")
    assert live.status_code == 200, "alive, so it is not restarted for a database outage"


def test_backoff_doubles_up_to_the_cap_and_spreads_retries():
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (6, 10.0), (60, 10.0)]:
        delays = [backoff_delay(attempt, base=0.5, cap=10.0) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays), attempt
        assert len(set(delays)) > 150, "jittered: retries do not fall on the same beat"
    assert backoff_delay(3, base=1.0, cap=8.0, jitter=0) == 4.0
