"""Keyed pseudonyms: HMAC-SHA256, so a pseudonym cannot be reversed or recomputed without the key."""

import hashlib
import hmac


class Pseudonymiser:
    """Derive stable pseudonyms for client ids (streams) and user ids (access logs)."""

    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def _digest(self, domain: str, value: str) -> str:
        return hmac.new(self._key, f"{domain}:{value}".encode(), hashlib.sha256).hexdigest()

    def subject(self, client_id: object) -> str:
        """Return the full HMAC of a client (or consent subject) id, as dashboards see it."""
        return self._digest("subject", str(client_id).lower())

    def user(self, source: str, raw: str) -> str:
        """Return a short pseudonymous user id for the access log (source: oidc issuer or x-road)."""
        return "u_" + self._digest(f"user:{source}", raw)[:32]
