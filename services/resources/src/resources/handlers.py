"""Inbound events: inclusion consents from the consent service (others on the topic are ignored)."""

from typing import TypeVar

from pydantic import ValidationError

from resources.service import suppression
from tukiverkko_common.consumer import Handler, PermanentError
from tukiverkko_common.contracts import consent as consent_contracts
from tukiverkko_common.contracts.consent import (
    ConsentChanged,
    ConsentExpired,
    ConsentGranted,
    ConsentWithdrawn,
)
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.uow import UnitOfWork

TOPICS = [consent_contracts.TOPIC]
T = TypeVar("T", bound=EventData)


def _payload(event: CloudEvent, contract: type[T]) -> T:
    try:
        return contract.model_validate(event.data)
    except ValidationError as exc:
        # Retrying cannot fix a payload that breaks its contract: dead-letter it at once.
        raise PermanentError(f"{event.type} payload invalid: {exc.error_count()} error(s)") from exc


async def on_consent_in_force(uow: UnitOfWork, event: CloudEvent) -> None:
    """A consent was granted or changed: mirror it if it is an inclusion consent."""
    contract = ConsentGranted if event.type == ConsentGranted.event_type else ConsentChanged
    payload = _payload(event, contract)
    await suppression.consent_in_force(
        uow=uow,
        consent_id=payload.consent_id,
        subject_id=payload.subject_id,
        purpose=payload.purpose,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    )


async def on_consent_withdrawn(uow: UnitOfWork, event: CloudEvent) -> None:
    """An inclusion consent was withdrawn: erase the person's data unless another is in force."""
    payload = _payload(event, ConsentWithdrawn)
    await suppression.consent_ended(
        uow=uow,
        consent_id=payload.consent_id,
        subject_id=payload.subject_id,
        purpose=payload.purpose,
        status="withdrawn",
    )


async def on_consent_expired(uow: UnitOfWork, event: CloudEvent) -> None:
    """An inclusion consent expired: erase the person's data unless another is in force."""
    payload = _payload(event, ConsentExpired)
    await suppression.consent_ended(
        uow=uow,
        consent_id=payload.consent_id,
        subject_id=payload.subject_id,
        purpose=payload.purpose,
        status="expired",
    )


HANDLERS: dict[str, Handler] = {
    ConsentGranted.event_type: on_consent_in_force,
    ConsentChanged.event_type: on_consent_in_force,
    ConsentWithdrawn.event_type: on_consent_withdrawn,
    ConsentExpired.event_type: on_consent_expired,
}
