"""Inbound events: consent withdrawals and expiries, resource cards suppressed or archived."""

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from network.service import erasure
from tukiverkko_common.consumer import Handler, PermanentError
from tukiverkko_common.contracts import consent as consent_contracts
from tukiverkko_common.contracts import resources as resources_contracts
from tukiverkko_common.contracts.consent import ConsentExpired, ConsentWithdrawn
from tukiverkko_common.contracts.resources import CardArchived, CardSuppressed
from tukiverkko_common.events import CloudEvent
from tukiverkko_common.uow import UnitOfWork

TOPICS = [consent_contracts.TOPIC, resources_contracts.TOPIC]
T = TypeVar("T", bound=BaseModel)


def _payload(event: CloudEvent, contract: type[T]) -> T:
    try:
        return contract.model_validate(event.data)
    except ValidationError as exc:
        # Retrying cannot fix a payload that breaks its contract: dead-letter it at once.
        raise PermanentError(f"{event.type} payload invalid: {exc.error_count()} error(s)") from exc


async def on_consent_withdrawn(uow: UnitOfWork, event: CloudEvent) -> None:
    """Labels resting on the consent lose their identifying details, snapshots included."""
    await erasure.erase_consented_labels(
        uow=uow, consent_id=_payload(event, ConsentWithdrawn).consent_id
    )


async def on_consent_expired(uow: UnitOfWork, event: CloudEvent) -> None:
    """An expired consent ends the label like a withdrawal does."""
    await erasure.erase_consented_labels(
        uow=uow, consent_id=_payload(event, ConsentExpired).consent_id
    )


async def on_card_suppressed(uow: UnitOfWork, event: CloudEvent) -> None:
    """The card's person is erased there: alters linked to it become anonymous nodes."""
    await erasure.unlink_card(uow=uow, card_id=_payload(event, CardSuppressed).card_id)


async def on_card_archived(uow: UnitOfWork, event: CloudEvent) -> None:
    """The card left the resource file: alters are unlinked and kept as anonymous nodes."""
    await erasure.unlink_card(uow=uow, card_id=_payload(event, CardArchived).card_id)


HANDLERS: dict[str, Handler] = {
    ConsentWithdrawn.event_type: on_consent_withdrawn,
    ConsentExpired.event_type: on_consent_expired,
    CardSuppressed.event_type: on_card_suppressed,
    CardArchived.event_type: on_card_archived,
}
