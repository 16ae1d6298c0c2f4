"""Membership use cases: apartments, residents moving in and out, partners, resident interactions."""

from datetime import date
from uuid import UUID

from network.models_housing import (
    Apartment,
    HousingNetwork,
    Partner,
    Residency,
    ResidentInteraction,
)
from network.repository import housing as repo
from network.schemas.housing import (
    ApartmentCreate,
    InteractionCreate,
    MoveOut,
    PartnerCreate,
    PartnerLeave,
    ResidencyCreate,
)
from network.service.common import stage, touch
from tukiverkko_common.contracts.housing import (
    PartnerJoined,
    PartnerLeft,
    ResidentMovedIn,
    ResidentMovedOut,
)
from tukiverkko_common.problems import invalid
from tukiverkko_common.uow import UnitOfWork


async def add_apartment(
    *, uow: UnitOfWork, network: HousingNetwork, data: ApartmentCreate
) -> Apartment:
    """Add an apartment to the network (nothing about it is published: an address is personal)."""
    apartment = Apartment(network_id=network.id, **data.model_dump())
    uow.session.add(apartment)
    touch(network)
    await uow.commit()
    return apartment


async def _refuse_overlap(
    uow: UnitOfWork, client_id: UUID, start: date, end: date | None, *, field: str, skip: UUID
) -> None:
    """A client lives in one network at a time: refuse dates overlapping another residency."""
    for other in await repo.residencies_of_client(uow.session, client_id):
        if other.id == skip:
            continue
        ends_before = end is not None and end < other.moved_in_on
        starts_after = other.moved_out_on is not None and start > other.moved_out_on
        if not (ends_before or starts_after):
            raise invalid(field, "overlaps another residency of the client")


async def move_in(*, uow: UnitOfWork, network: HousingNetwork, data: ResidencyCreate) -> Residency:
    """A client moves into the network; refused if it overlaps another residency."""
    if data.moved_out_on is not None and data.moved_out_on < data.moved_in_on:
        raise invalid("moved_out_on", "must not be before moved_in_on")
    if data.apartment_id is not None:
        apartment = await uow.session.get(Apartment, data.apartment_id)
        if apartment is None or apartment.network_id != network.id:
            raise invalid("apartment_id", "is not an apartment of this network")
    residency = Residency(network_id=network.id, **data.model_dump())
    await _refuse_overlap(
        uow,
        data.client_id,
        data.moved_in_on,
        data.moved_out_on,
        field="moved_in_on",
        skip=residency.id,
    )
    uow.session.add(residency)
    stage(
        uow,
        ResidentMovedIn(
            network_id=network.id,
            residency_id=residency.id,
            client_id=residency.client_id,
            apartment_id=residency.apartment_id,
            moved_in_on=residency.moved_in_on,
            moved_out_on=residency.moved_out_on,
        ),
        network.id,
    )
    await uow.commit()
    return residency


async def move_out(*, uow: UnitOfWork, residency: Residency, data: MoveOut) -> Residency:
    """Record the residency's last day."""
    if data.moved_out_on < residency.moved_in_on:
        raise invalid("moved_out_on", "must not be before moved_in_on")
    await _refuse_overlap(
        uow,
        residency.client_id,
        residency.moved_in_on,
        data.moved_out_on,
        field="moved_out_on",
        skip=residency.id,
    )
    residency.moved_out_on = data.moved_out_on
    touch(residency)
    stage(
        uow,
        ResidentMovedOut(
            network_id=residency.network_id,
            residency_id=residency.id,
            client_id=residency.client_id,
            moved_in_on=residency.moved_in_on,
            moved_out_on=data.moved_out_on,
        ),
        residency.network_id,
    )
    await uow.commit()
    return residency


async def add_partner(*, uow: UnitOfWork, network: HousingNetwork, data: PartnerCreate) -> Partner:
    """A resource card takes part in the network."""
    if any(
        p.resource_card_id == data.resource_card_id
        for p in await repo.partners(uow.session, network.id)
        if p.left_on is None
    ):
        raise invalid("resource_card_id", "already takes part in this network")
    partner = Partner(network_id=network.id, **data.model_dump())
    uow.session.add(partner)
    stage(
        uow,
        PartnerJoined(
            network_id=network.id,
            partner_id=partner.id,
            resource_card_id=partner.resource_card_id,
            card_kind=partner.card_kind,
            joined_on=partner.joined_on,
        ),
        network.id,
    )
    await uow.commit()
    return partner


async def partner_leaves(*, uow: UnitOfWork, partner: Partner, data: PartnerLeave) -> Partner:
    """A partner stops taking part."""
    if data.left_on < partner.joined_on:
        raise invalid("left_on", "must not be before joined_on")
    partner.left_on = data.left_on
    touch(partner)
    stage(
        uow,
        PartnerLeft(
            network_id=partner.network_id,
            partner_id=partner.id,
            resource_card_id=partner.resource_card_id,
            left_on=data.left_on,
        ),
        partner.network_id,
    )
    await uow.commit()
    return partner


async def record_interaction(
    *, uow: UnitOfWork, network: HousingNetwork, data: InteractionCreate
) -> ResidentInteraction:
    """Record that two residents of the network interact."""
    residents = await repo.resident_ids(uow.session, network.id)
    for field in ("client_id", "other_client_id"):
        if getattr(data, field) not in residents:
            raise invalid(field, "is not a resident of this network")
    if data.client_id == data.other_client_id:
        raise invalid("other_client_id", "must be another resident")
    interaction = ResidentInteraction(network_id=network.id, **data.model_dump())
    uow.session.add(interaction)
    await uow.commit()
    return interaction
