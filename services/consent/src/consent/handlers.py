"""Inbound events: clients from the plans service, audit entries from the gateway."""

from typing import TypeVar

from pydantic import ValidationError

from consent.service import audit_logs as audit
from consent.service import subjects
from tukiverkko_common.consumer import Handler, PermanentError
from tukiverkko_common.contracts import audit as audit_contracts
from tukiverkko_common.contracts import plans as plans_contracts
from tukiverkko_common.contracts.audit import AccessLogged, DataDisclosed
from tukiverkko_common.contracts.plans import ClientRegistered, ClientUpdated
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.uow import UnitOfWork

TOPICS = [plans_contracts.TOPIC, audit_contracts.TOPIC]
T = TypeVar("T", bound=EventData)


def _payload(event: CloudEvent, contract: type[T]) -> T:
    try:
        return contract.model_validate(event.data)
    except ValidationError as exc:
        # Retrying cannot fix a payload that breaks its contract: dead-letter it at once.
        raise PermanentError(f"{event.type} payload invalid: {exc.error_count()} error(s)") from exc


async def on_client_registered(uow: UnitOfWork, event: CloudEvent) -> None:
    """A client exists in the plans service: consents may now be recorded for them."""
    payload = _payload(event, ClientRegistered)
    await subjects.register_client(
        uow=uow,
        client_id=payload.client_id,
        registered_at=payload.registered_at,
        region=payload.region,
        municipality=payload.municipality,
    )


async def on_client_updated(uow: UnitOfWork, event: CloudEvent) -> None:
    """A client's area changed: lists scoped by area follow it."""
    payload = _payload(event, ClientUpdated)
    await subjects.move_client(
        uow=uow,
        client_id=payload.client_id,
        region=payload.region,
        municipality=payload.municipality,
    )


async def on_access_logged(uow: UnitOfWork, event: CloudEvent) -> None:
    """Append a käyttöloki entry."""
    await audit.append_entry(
        session=uow.session, log="access", payload=_payload(event, AccessLogged), event_id=event.id
    )


async def on_data_disclosed(uow: UnitOfWork, event: CloudEvent) -> None:
    """Append a luovutusloki entry."""
    await audit.append_entry(
        session=uow.session,
        log="disclosure",
        payload=_payload(event, DataDisclosed),
        event_id=event.id,
    )


HANDLERS: dict[str, Handler] = {
    ClientRegistered.event_type: on_client_registered,
    ClientUpdated.event_type: on_client_updated,
    AccessLogged.event_type: on_access_logged,
    DataDisclosed.event_type: on_data_disclosed,
}
