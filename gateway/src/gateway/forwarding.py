"""Sending a checked request to its service and relaying the answer."""

import json
from typing import TYPE_CHECKING, Any

import httpx
from fastapi import Request
from fastapi.responses import Response

from gateway.access import upstream_unavailable
from gateway.upstream import UpstreamError
from tukiverkko_common.problems import Problem, too_deep

if TYPE_CHECKING:
    from gateway.catalog import ProxyRoute
    from gateway.state import GatewayState

PASSED_HEADERS = (
    "location",
    "etag",
    "last-modified",
    "link",
    "content-disposition",
    "content-language",
)
PASSED = frozenset(PASSED_HEADERS)


async def call_upstream(
    route: "ProxyRoute",
    request: Request,
    state: "GatewayState",
    body: bytes,
    params: dict[str, str] | None = None,
    extra_headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Forward method, path, query and body; map an unreachable or failing service to 503/502."""
    path = request.url.path
    query = request.url.query
    if params is not None:
        query = str(httpx.QueryParams(params))
    if query:
        path = f"{path}?{query}"
    headers = (
        {"content-type": request.headers["content-type"]}
        if "content-type" in request.headers
        else None
    )
    if extra_headers:
        headers = (headers or {}) | extra_headers
    try:
        response = await state.upstreams.get(route.upstream).request(
            route.method, path, content=body or None, headers=headers
        )
    except UpstreamError as exc:
        raise upstream_unavailable(exc, "the request") from exc
    if response.status_code in (503, 504):
        raise upstream_unavailable(UpstreamError(route.upstream, "unavailable"), "the request")
    if response.status_code >= 500:
        raise Problem(
            502,
            "upstream-error",
            "Bad gateway",
            f"the {route.upstream} service failed",
            upstream=route.upstream,
        )
    return response


def relay(upstream: httpx.Response) -> Response:
    """Return the service's answer as the gateway's (status, body, content type, safe headers)."""
    # One pass over the service's headers (a lookup by name walks them all each time).
    headers = {k: v for k, v in upstream.headers.items() if k in PASSED}
    return Response(
        upstream.content,
        status_code=upstream.status_code,
        headers=headers,
        media_type=upstream.headers.get("content-type"),
    )


def json_response(payload: Any, status: int) -> Response:
    """Return a JSON response built by the gateway (e.g. a filtered list)."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(body, status_code=status, media_type="application/json")


def json_body(body: bytes) -> Any:
    """Return the parsed JSON body, or None when it is not JSON."""
    try:
        return json.loads(body or b"null")
    except ValueError:
        return None
    except RecursionError:
        raise too_deep() from None
