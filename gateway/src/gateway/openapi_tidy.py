"""The published document as OpenAPI tooling expects it (Spectral's `spectral:oas` rules, client
generators): servers and contact, signed webhooks, no operational paths, no dangling or unused
schemas, and examples with the null fields FastAPI leaves out.
"""

from typing import Any

from gateway.examples import fill_nulls
from tukiverkko_common.schema_export import CONTACT

# Relative: the document is served by the gateway it describes, wherever that is deployed.
SERVERS = [{"url": "/", "description": "The gateway that serves this document"}]
# Health and metrics are for the cluster's probes and scrapers, not for API callers.
OPERATIONAL_PREFIXES = ("/health/", "/metrics")
WEBHOOK_SCHEME = "webhookSignature"
WEBHOOK_RESPONSES = {
    "200": {"description": "Received. Any 2xx counts as delivered; other answers are retried."}
}


def tidy(doc: dict[str, Any]) -> dict[str, Any]:
    """Return `doc` finished for publication (changed in place)."""
    for path in [p for p in doc.get("paths", {}) if p.startswith(OPERATIONAL_PREFIXES)]:
        del doc["paths"][path]
    doc["servers"] = SERVERS
    doc.setdefault("info", {}).setdefault("contact", CONTACT)
    _sign_webhooks(doc)
    schemas = doc.get("components", {}).get("schemas", {})
    for schema in schemas.values():
        if isinstance(schema.get("examples"), list):
            schema["examples"] = [fill_nulls(e, schema, schemas) for e in schema["examples"]]
    _prune_unused(doc)
    return doc


def _sign_webhooks(doc: dict[str, Any]) -> None:
    """Webhook calls are authenticated by their Standard Webhooks signature; say so."""
    if not doc.get("webhooks"):
        return
    schemes = doc.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[WEBHOOK_SCHEME] = {
        "type": "apiKey",
        "in": "header",
        "name": "webhook-signature",
        "description": "Standard Webhooks HMAC-SHA256 signature of webhook-id, webhook-timestamp "
        "and the body, under the subscription's secret (whsec_…, shown once at creation). "
        "Reject a call whose signature does not verify or whose timestamp is stale.",
    }
    for item in doc["webhooks"].values():
        for op in item.values():
            if isinstance(op, dict) and "responses" in op:
                op["security"] = [{WEBHOOK_SCHEME: []}]
                op["responses"] = dict(WEBHOOK_RESPONSES)


def _prune_unused(doc: dict[str, Any]) -> None:
    """Drop schemas no operation reaches (merged in whole from a service's document)."""
    schemas = doc.get("components", {}).get("schemas", {})
    outside = {k: v for k, v in doc.items() if k != "components"}
    pending = _refs(outside) | _refs(
        {k: v for k, v in doc.get("components", {}).items() if k != "schemas"}
    )
    reached: set[str] = set()
    while pending:
        name = pending.pop()
        if name in reached or name not in schemas:
            continue
        reached.add(name)
        pending |= _refs(schemas[name])
    for name in set(schemas) - reached:
        del schemas[name]


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                found.add(ref.rsplit("/", 1)[1])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
