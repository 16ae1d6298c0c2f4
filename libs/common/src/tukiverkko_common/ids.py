"""Time-ordered identifiers (UUIDv7): sortable, safe to expose, nothing to guess."""

import uuid

import uuid_utils


def new_id() -> uuid.UUID:
    """Return a fresh UUIDv7 as a standard-library UUID."""
    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)


def new_id_str() -> str:
    """Return a fresh UUIDv7 in its canonical text form (for ids that travel as text)."""
    return str(uuid_utils.uuid7())
