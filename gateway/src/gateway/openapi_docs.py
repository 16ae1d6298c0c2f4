"""One OpenAPI document for the whole platform: the gateway's operations with each service's schemas.

Request and response schemas of proxied operations come from the service's own OpenAPI
(fetched from the service and cached), so the document never drifts from what the
services accept. Everything gets examples and the gateway's error responses.
"""

import copy
import logging
from typing import TYPE_CHECKING, Any

from gateway.examples import example_for, fill_nulls, oauth_error_example, problem_example
from gateway.schemas import ProblemDetails

if TYPE_CHECKING:
    from gateway.catalog import ProxyRoute
    from gateway.upstream import Upstreams

log = logging.getLogger(__name__)
PROBLEM_REF = {"$ref": "#/components/schemas/ProblemDetails"}
OAUTH_ERROR_REF = "#/components/schemas/OAuthError"
INTERNAL_PARAMS = {
    "x-internal-token",
    "x-actor-organisation",
    "x-actor-user",
    "x-request-id",
    "traceparent",
}

_ERRORS = {
    401: "Missing, expired or otherwise invalid bearer token",
    403: "The caller's role or scopes do not allow this, or the client's consent does not",
    404: "No such object, or not one the caller may see",
    413: "Request body larger than the gateway accepts",
    422: "Invalid input; the problem names the field",
    429: "Rate limit exceeded; see Retry-After",
    503: "A service this request needs (or the audit log) is unavailable; nothing was disclosed",
}


def error_responses(
    route: "ProxyRoute | None" = None, statuses: tuple[int, ...] = (401, 403, 404, 422, 429, 503)
) -> dict:
    """Return FastAPI `responses=` entries for the gateway's errors."""
    chosen = set(statuses) | ({413} if route is not None and not route.reads else set())
    return {
        status: {"model": ProblemDetails, "description": _ERRORS[status]}
        for status in sorted(chosen)
    }


class UpstreamSpecs:
    """Each upstream's OpenAPI document, fetched once it answers and then kept."""

    def __init__(self, upstreams: "Upstreams") -> None:
        self._upstreams = upstreams
        self.documents: dict[str, dict[str, Any]] = {}

    async def refresh(self) -> None:
        """Fetch the documents not yet known (upstreams that are down are tried again next time)."""
        for name in self._upstreams.names():
            if name in self.documents:
                continue
            try:
                upstream = self._upstreams.get(name)
                response = await upstream.request(
                    "GET", "/openapi.json", timeout=2.0, idempotent=False
                )
                if response.status_code == 200:
                    self.documents[name] = response.json()
            except Exception as exc:  # a missing document only leaves the operation less detailed
                log.info("openapi of %s unavailable: %s", name, type(exc).__name__)


def compose(
    base: dict[str, Any],
    routes: list["ProxyRoute"],
    specs: dict[str, dict[str, Any]],
    max_page_size: int,
) -> dict[str, Any]:
    """Merge each proxied operation's upstream schemas into the gateway's document; add examples."""
    doc = copy.deepcopy(base)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    renames = {name: _merge_components(schemas, name, spec) for name, spec in sorted(specs.items())}
    for route in routes:
        op = doc["paths"].get(route.path, {}).get(route.method.lower())
        upstream_op = (
            specs.get(route.upstream, {})
            .get("paths", {})
            .get(route.path, {})
            .get(route.method.lower())
        )
        if op is None:
            continue
        if upstream_op is None:
            op["x-upstream-schema"] = "unavailable"
            continue
        _merge_operation(
            op, _rewrite(copy.deepcopy(upstream_op), renames[route.upstream]), route, max_page_size
        )
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    _finish(doc)
    return doc


def _merge_components(
    target: dict[str, Any], upstream: str, spec: dict[str, Any]
) -> dict[str, str]:
    renames: dict[str, str] = {}
    theirs = spec.get("components", {}).get("schemas", {})
    for name, schema in theirs.items():
        if name in ("HTTPValidationError", "ValidationError"):
            continue
        if name in target and target[name] != schema:
            renames[name] = f"{upstream.capitalize()}{name}"
    for name, schema in theirs.items():
        if name in ("HTTPValidationError", "ValidationError"):
            continue
        target[renames.get(name, name)] = _rewrite(copy.deepcopy(schema), renames)
    return renames


def _rewrite(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            node["$ref"] = f"#/components/schemas/{renames.get(name, name)}"
        for value in node.values():
            _rewrite(value, renames)
    elif isinstance(node, list):
        for value in node:
            _rewrite(value, renames)
    return node


def _merge_operation(op: dict, upstream_op: dict, route: "ProxyRoute", max_page_size: int) -> None:
    ours = {(p["in"], p["name"]) for p in op.get("parameters", [])}
    for param in upstream_op.get("parameters", []):
        key = (param.get("in"), param.get("name"))
        if (
            key in ours
            or param.get("in") not in ("query", "path")
            or str(param.get("name")).lower() in INTERNAL_PARAMS
        ):
            continue
        if route.paged and param.get("name") == "limit":
            schema = param.setdefault("schema", {})
            schema["maximum"] = min(schema.get("maximum", max_page_size), max_page_size)
        op.setdefault("parameters", []).append(param)
    if "requestBody" in upstream_op:
        op["requestBody"] = upstream_op["requestBody"]
    for status, response in upstream_op.get("responses", {}).items():
        if status.startswith("2"):
            if status != "200":
                op["responses"].pop("200", None)
            op["responses"][status] = response
        elif status not in op["responses"] and status != "422" and status[0] == "4":
            op["responses"][status] = response
    if upstream_op.get("description") and route.describe() not in upstream_op["description"]:
        op["description"] = f"{op.get('description', '')}\n\n{upstream_op['description']}".strip()


def _finish(doc: dict[str, Any]) -> None:
    """Problem responses as application/problem+json; examples on every body and parameter."""
    components = doc.get("components", {}).get("schemas", {})
    for section in ("paths", "webhooks"):
        for path, item in doc.get(section, {}).items():
            for op in item.values():
                if isinstance(op, dict) and "responses" in op:
                    _finish_operation(path, op, components)


def _finish_operation(path: str, op: dict[str, Any], components: dict[str, Any]) -> None:
    for status, response in op["responses"].items():
        if status[0] in "45":
            _error_content(status, path, response)
        for media in response.get("content", {}).values():
            _add_example(media, components)
    for media in op.get("requestBody", {}).get("content", {}).values():
        _add_example(media, components)
    for param in op.get("parameters", []):
        if "example" not in param and "examples" not in param and "schema" in param:
            param["example"] = example_for(param["schema"], components, name=param.get("name"))


def _error_content(status: str, path: str, response: dict[str, Any]) -> None:
    """Every error is the gateway's problem document (the token endpoint's OAuth errors aside)."""
    content = response.get("content", {})
    media = content.get("application/json", {})
    if media.get("schema", {}).get("$ref") == OAUTH_ERROR_REF:
        media["example"] = oauth_error_example(int(status))
        return
    if content or status[0] == "4":
        example = problem_example(int(status), path)
        response["content"] = {
            "application/problem+json": {"schema": PROBLEM_REF, "example": example}
        }


def _add_example(media: dict, components: dict) -> None:
    if "schema" not in media:
        return
    if "example" not in media and "examples" not in media:
        media["example"] = example_for(media["schema"], components)
    if "example" in media:
        media["example"] = fill_nulls(media["example"], media["schema"], components)
