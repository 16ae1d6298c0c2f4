"""Mutual TLS for X-Road: the Security Server's verified client certificate, handed to the app.

uvicorn verifies a client certificate (`--ssl-ca-certs`, `--ssl-cert-reqs 1` or `2`) but does
not pass it on; this protocol adds it to each request's scope as the ASGI TLS extension
(`scope["extensions"]["tls"]`), which the gateway's authentication reads. Run the X-Road
listener with `--http gateway.auth.mtls:ClientCertH11Protocol`.
"""

import asyncio
import ssl
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol


def tls_extension(ssl_object: ssl.SSLObject | None) -> dict[str, Any] | None:
    """Return the ASGI TLS extension for a connection whose client certificate was verified."""
    if ssl_object is None or not ssl_object.getpeercert():
        # An empty answer means no certificate, or one the handshake did not verify.
        return None
    der = ssl_object.getpeercert(binary_form=True)
    if der is None:
        return None
    certificate = x509.load_der_x509_certificate(der)
    return {
        "client_cert_chain": [ssl.DER_cert_to_PEM_cert(der)],
        "client_cert_name": certificate.subject.rfc4514_string(),
        "client_cert_error": None,
        "tls_version": None,
        "cipher_suite": None,
    }


def verified_common_name(scope: Scope) -> str | None:
    """Return the commonName of the request's verified client certificate, if it has one."""
    tls = scope.get("extensions", {}).get("tls") or {}
    chain = tls.get("client_cert_chain") or []
    if not chain or tls.get("client_cert_error"):
        return None
    subject = x509.load_pem_x509_certificate(chain[0].encode()).subject
    names = subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if len(names) == 1 else None


class ClientCertH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, adding the verified client certificate to every request's scope."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        tls = tls_extension(transport.get_extra_info("ssl_object"))
        if tls is not None:
            self.app = _with_tls(self.app, tls)


def _with_tls(app: ASGIApp, tls: dict[str, Any]) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        # The extension is set here, from the connection, and nowhere from the request.
        scope["extensions"] = {**scope.get("extensions", {}), "tls": tls}
        await app(scope, receive, send)

    return wrapped
