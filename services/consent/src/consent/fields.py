"""Field types of the API: recipients and stored text, validated the same way everywhere."""

from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, StringConstraints

from consent.vocabulary import TEAM

UUID_OR_TEAM = (
    r"^(team|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)
NO_CONTROL_CHARS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""Text may hold line breaks and tabs, never NUL or other control characters (PostgreSQL refuses NUL)."""

Text = Annotated[str, StringConstraints(pattern=NO_CONTROL_CHARS)]


def _recipient(value: str) -> str:
    if value == TEAM:
        return value
    try:
        return str(UUID(value))
    except ValueError:
        raise ValueError("must be an organisation UUID or 'team'") from None


Recipient = Annotated[str, StringConstraints(pattern=UUID_OR_TEAM), AfterValidator(_recipient)]


def unique(values: list | None) -> list | None:
    """Return the list without repeats, in first-seen order (None stays None)."""
    return None if values is None else list(dict.fromkeys(values))
