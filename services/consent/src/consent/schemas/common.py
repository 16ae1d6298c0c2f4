"""Consent's own field types: recipients and lists without repeats.

Instants, text rules and the input base every service shares are in `tukiverkko_common.fields`.
"""

from typing import Annotated, TypeVar, overload
from uuid import UUID

from pydantic import AfterValidator, StringConstraints

from consent.codes import TEAM

UUID_OR_TEAM = (
    r"^(team|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)


def _recipient(value: str) -> str:
    if value == TEAM:
        return value
    try:
        return str(UUID(value))
    except ValueError:
        raise ValueError("must be an organisation UUID or 'team'") from None


Recipient = Annotated[str, StringConstraints(pattern=UUID_OR_TEAM), AfterValidator(_recipient)]


T = TypeVar("T")


@overload
def unique(values: list[T]) -> list[T]: ...
@overload
def unique(values: None) -> None: ...
def unique(values: list[T] | None) -> list[T] | None:
    """Return the list without repeats, in first-seen order (None stays None)."""
    return None if values is None else list(dict.fromkeys(values))
