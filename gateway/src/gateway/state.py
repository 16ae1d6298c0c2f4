"""The gateway's per-app collaborators, built in create_app and reached through `request.app.state`."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

from gateway.auth.keys import SigningKey
from gateway.auth.lockout import LoginLockout
from gateway.auth.secrets import SecretVerifier
from gateway.auth.tokens import TokenService
from gateway.config import GatewaySettings
from gateway.pseudonym import Pseudonymiser
from gateway.ratelimit import Limiter
from gateway.registry import Registry
from gateway.upstream import Upstreams
from tukiverkko_common.runtime import Runtime

if TYPE_CHECKING:
    from gateway.access import AccessResolver
    from gateway.audit import AuditWriter
    from gateway.openapi_docs import UpstreamSpecs
    from gateway.sse import StreamHub
    from gateway.webhooks import WebhookDispatcher


@dataclass
class GatewayState:
    """Everything a request handler needs besides the request."""

    settings: GatewaySettings
    runtime: Runtime
    signing_key: SigningKey
    tokens: TokenService
    registry: Registry
    pseudonyms: Pseudonymiser
    limiter: Limiter
    token_limiter: Limiter
    token_peer_limiter: Limiter
    secrets: SecretVerifier
    lockout: LoginLockout
    upstreams: Upstreams
    access: "AccessResolver"
    audit: "AuditWriter"
    hub: "StreamHub"
    webhooks: "WebhookDispatcher"
    specs: "UpstreamSpecs"


def get_state(request: Request) -> GatewayState:
    """Return the gateway state of the app serving this request."""
    return request.app.state.gateway
