"""Who is acting: the caller as the gateway authenticated it."""

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Actor:
    """The organisation and pseudonymous user the gateway authenticated."""

    organisation_id: UUID
    user_id: str | None
