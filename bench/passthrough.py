"""Benchmark baseline: the gateway's hop and nothing else.

A bare ASGI app under uvicorn that sends each GET to the plans service with the
gateway's own upstream client (`gateway.upstream.Upstream`: same transport, same
internal credential and actor headers, same timeouts) and writes the answer back. No
authentication, checks, logs or framework. The gateway's added latency minus this
one's is what the gateway's own work costs; this one's is what any Python hop on the
same stack costs on this machine in the same minutes.

Started by bench/gateway_read.py as `passthrough:create_app`, configured like the gateway
(`TUKIVERKKO_UPSTREAMS`, `GATEWAY_UPSTREAM_TRANSPORT`, ...).
"""

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.config import GatewaySettings
from gateway.upstream import Upstream
from tukiverkko_common import context
from tukiverkko_common.middleware import ACTOR_ORG_HEADER

ACTOR = ACTOR_ORG_HEADER.encode()


def create_app() -> ASGIApp:
    settings = GatewaySettings()
    upstream = Upstream("plans", settings.upstreams["plans"], settings)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await upstream.aclose()
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["path"] == "/health/live":
            status, body = 200, b'{"status":"ok"}'
        else:
            actor = next((v for k, v in scope["headers"] if k == ACTOR), b"")
            context.actor_organisation.set(actor.decode() or None)
            query = scope["query_string"].decode()
            answer = await upstream.request(
                scope["method"], scope["path"] + (f"?{query}" if query else "")
            )
            status, body = answer.status_code, answer.content
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return app
