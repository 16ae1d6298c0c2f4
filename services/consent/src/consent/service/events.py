"""Build the published consent events from a stored consent (an ORM object or a returned row)."""

from typing import Any, TypeVar

from tukiverkko_common.contracts.consent import (
    ConsentChanged,
    ConsentExpired,
    ConsentGranted,
    ConsentWithdrawn,
)

E = TypeVar("E", ConsentGranted, ConsentChanged, ConsentWithdrawn, ConsentExpired)


def consent_event(contract: type[E], consent: Any, **extra: Any) -> E:
    """Return the contract payload for a consent; ids and codes only, never free text."""
    return contract(
        consent_id=consent.id,
        subject_id=consent.subject_id,
        subject_kind=consent.subject_kind,
        purpose=consent.purpose,
        data_categories=list(consent.data_categories),
        recipients=list(consent.recipients),
        valid_from=consent.valid_from,
        valid_until=consent.valid_until,
        **extra,
    )
