"""Inbound event handlers: a table event-type → handler.

The plans service follows the network service's housing networks: which network each
client lives in and who coordinates it, so realisation and the coordinator's shortfall
list follow the coordinator from events (consent decisions are enforced by the gateway
before a call reaches this service, so consent events are not consumed here).
"""

from collections.abc import Mapping
from typing import TypeVar

from pydantic import ValidationError

from plans.service import housing_networks as housing
from tukiverkko_common.consumer import Handler, PermanentError
from tukiverkko_common.contracts import housing as housing_contracts
from tukiverkko_common.contracts.housing import (
    CoordinatorAssigned,
    ResidentMovedIn,
    ResidentMovedOut,
)
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.uow import UnitOfWork

T = TypeVar("T", bound=EventData)


def _payload(event: CloudEvent, contract: type[T]) -> T:
    try:
        return contract.model_validate(event.data)
    except ValidationError as exc:
        # Retrying cannot fix a payload that breaks its contract: dead-letter it at once.
        raise PermanentError(f"{event.type} payload invalid: {exc.error_count()} error(s)") from exc


async def on_coordinator_assigned(uow: UnitOfWork, event: CloudEvent) -> None:
    """A network's coordinator changed: the coordinator's lists follow it."""
    await housing.assign_coordinator(uow=uow, event=_payload(event, CoordinatorAssigned))


async def on_resident_moved_in(uow: UnitOfWork, event: CloudEvent) -> None:
    """A client lives in a housing network: its coordinator follows their realisation."""
    await housing.move_in(uow=uow, event=_payload(event, ResidentMovedIn))


async def on_resident_moved_out(uow: UnitOfWork, event: CloudEvent) -> None:
    """A client's residency ended."""
    await housing.move_out(uow=uow, event=_payload(event, ResidentMovedOut))


HANDLERS: Mapping[str, Handler] = {
    CoordinatorAssigned.event_type: on_coordinator_assigned,
    ResidentMovedIn.event_type: on_resident_moved_in,
    ResidentMovedOut.event_type: on_resident_moved_out,
}
TOPICS: list[str] = [housing_contracts.TOPIC]
