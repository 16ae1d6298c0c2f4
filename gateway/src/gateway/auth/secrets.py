"""Client secrets: generated with enough entropy, stored only as Argon2id hashes."""

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verifying against this keeps the time of an unknown client id close to a known one.
_DUMMY_HASH = _hasher.hash("not-a-real-secret")


def new_client_id() -> str:
    """Return a random, unguessable client id."""
    return "tvc_" + secrets.token_hex(12)


def new_client_secret() -> str:
    """Return a random client secret (shown once, never stored in clear)."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """Return the Argon2id hash of a secret."""
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """Return True when the secret matches; spends the same work when the client is unknown."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, secret) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
