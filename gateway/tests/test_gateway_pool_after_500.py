"""After a service answers 500, the gateway's next call on its connection pool is answered.

Once, an unexpected error escaped to uvicorn, which closed the connection after the 500; the
gateway's pool then handed the dead connection to the next request, and a change (never
retried) came back as a 503 although the service was up.
"""

from pathlib import Path

import pytest
from gateway_platform import start_plans

import plans.routers.plans as plans_routes
from gateway.config import GatewaySettings
from gateway.upstream import Upstreams


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
async def test_a_change_sent_after_a_services_500_is_answered_by_the_service(
    transport: str, tmp_path: Path, bootstrap_servers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = await start_plans(tmp_path, bootstrap_servers)

    def broken(**kwargs: object) -> None:
        raise RuntimeError("internal detail")

    upstreams = Upstreams(
        GatewaySettings(
            upstreams={"plans": plans.url}, upstream_transport=transport, upstream_retries=0
        )
    )
    try:
        with monkeypatch.context() as patched:
            patched.setattr(plans_routes.repo, "plans_query", broken)
            failed = await upstreams.get("plans").request("GET", "/api/v1/plans")
        assert failed.status_code == 500
        # A POST is never retried, so it must go out on a connection the service still holds.
        answered = await upstreams.get("plans").request("POST", "/api/v1/clients", json={})
        assert answered.status_code == 422, answered.text
    finally:
        await upstreams.aclose()
        await plans.stop()
