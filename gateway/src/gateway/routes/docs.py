"""The platform's API documents: the composed OpenAPI and the AsyncAPI of the event topics."""

from importlib.resources import files
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.staticfiles import StaticFiles

from gateway.catalog import ROUTES
from gateway.openapi_docs import compose
from gateway.openapi_tidy import tidy
from gateway.state import GatewayState, get_state
from tukiverkko_common.schema_export import asyncapi_document

router = APIRouter(tags=["documentation"])
OAUTH = "oauth2"
PUBLIC_PATHS = ("/api/v1/oauth/token", "/.well-known/", "/api/v1/asyncapi.json", "/health/")
# Swagger UI's own files, served by the gateway: the page works without internet access and
# loads nothing from a third party (no CDN, no online validator).
ASSETS = "/docs/assets"
SWAGGER_UI_PARAMETERS = {"validatorUrl": None, "deepLinking": True}


@router.get(
    "/api/v1/asyncapi.json",
    summary="AsyncAPI 3.0 document of the platform's event topics",
    openapi_extra={"security": []},
)
async def asyncapi(request: Request) -> dict[str, Any]:
    """Return the topics, message headers and payload JSON Schemas, generated from the contracts."""
    settings = get_state(request).settings
    servers = None
    if settings.kafka_bootstrap_servers:
        first = settings.kafka_bootstrap_servers.split(",")[0].strip()
        servers = {"platform": {"host": first, "protocol": "kafka"}}
    return asyncapi_document(servers)


class WebhookPayload(BaseModel):
    """Body of every webhook (Standard Webhooks): verify webhook-signature before trusting it."""

    type: str = Field(examples=["referral.sent"])
    timestamp: str = Field(examples=["2026-03-02T08:15:00+00:00"])
    data: dict[str, Any] = Field(
        examples=[
            {
                "client_id": "0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c11",
                "plan_id": "0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c12",
                "referral_id": "0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c13",
                "organisation_id": "0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c14",
                "service_type": "guidance_and_coaching",
                "sent_at": "2026-03-02T08:15:00+00:00",
            }
        ]
    )


def _document_webhooks(app: FastAPI) -> None:
    descriptions = {
        "referral.sent": "A plan referred the client to your organisation.",
        "referral.answered": "A referral to your organisation was answered (accepted, declined, delivered).",
        "service.agreed": "A service your organisation delivers was agreed, changed or ended.",
    }
    for name, text in descriptions.items():

        async def webhook(body: WebhookPayload) -> None:  # documentation only
            """Sent with webhook-id, webhook-timestamp and webhook-signature headers."""

        app.webhooks.add_api_route(f"/{name}", webhook, methods=["POST"], summary=text, name=name)


def _security(doc: dict[str, Any]) -> None:
    schemes = doc.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[OAUTH] = {
        "type": "oauth2",
        "description": "Client credentials: POST /api/v1/oauth/token, then `Authorization: Bearer <token>`. "
        "A wellbeing region's own OIDC tokens are accepted the same way.",
        "flows": {"clientCredentials": {"tokenUrl": "/api/v1/oauth/token", "scopes": {}}},
    }
    for path, item in doc.get("paths", {}).items():
        for op in item.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            if path.startswith(PUBLIC_PATHS):
                op["security"] = []
            else:
                scope = op.pop("x-required-scope", None)
                op["security"] = [{OAUTH: [scope] if scope else []}]
                if scope:
                    schemes[OAUTH]["flows"]["clientCredentials"]["scopes"].setdefault(scope, scope)


def install_docs(app: FastAPI, state: GatewayState, description: str) -> None:
    """Serve /openapi.json composed from the gateway's routes and each service's schemas."""
    _document_webhooks(app)
    base: dict[str, Any] = {}

    def build() -> dict[str, Any]:
        if not base:
            base.update(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=description,
                    routes=app.routes,
                    tags=app.openapi_tags,
                    webhooks=app.webhooks.routes,
                )
            )
        doc = compose(base, ROUTES, state.specs.documents, state.settings.max_page_size)
        _security(doc)
        return tidy(doc)

    app.openapi = build  # type: ignore[method-assign]
    replaced = {app.openapi_url, app.docs_url, app.redoc_url}
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) not in replaced]
    _serve_swagger_ui(app)

    @app.get(app.openapi_url or "/openapi.json", include_in_schema=False)
    async def openapi(request: Request) -> JSONResponse:
        await state.specs.refresh()
        return JSONResponse(build())


def _serve_swagger_ui(app: FastAPI) -> None:
    """Serve /docs from the Swagger UI files shipped in the fastapi-offline package."""
    static = files("fastapi_offline").joinpath("static")
    app.mount(ASSETS, StaticFiles(directory=str(static)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API documentation",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
            oauth2_redirect_url=app.swagger_ui_oauth2_redirect_url,
            swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
        )
