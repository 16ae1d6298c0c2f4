"""Organisation cards: create, change."""

from typing import Any

from resources.models import Card
from resources.schemas.cards import OrganisationCardCreate, OrganisationCardUpdate
from resources.service.common import (
    checked_districts,
    editable,
    existing_card,
    json_ready,
    life_areas_of,
    replace_offers,
    save,
)
from tukiverkko_common.actors import Actor
from tukiverkko_common.uow import UnitOfWork

COLUMNS = {"name_fi", "name_sv", "sector", "business_id", "districts", "target_groups"} | {
    "competences",
    "responsible_worker_id",
}
DETAILS = {"description_fi", "description_sv", "contact", "address", "facilities"} | {
    "contact_person"
}


async def create_organisation(
    *, uow: UnitOfWork, data: OrganisationCardCreate, actor: Actor
) -> Card:
    """Add an organisation card kept by the caller's organisation."""
    card = Card(
        card_type="organisation",
        region=data.region,
        owner_organisation_id=actor.organisation_id,
        life_areas=life_areas_of(data.offers, data.needs),
        **data.model_dump(include=COLUMNS),
    )
    _apply_details(card, {k: getattr(data, k) for k in DETAILS})
    uow.session.add(card)
    await uow.session.flush()
    offers = await replace_offers(uow.session, card, data.offers, data.needs)
    return await save(uow, card, "created", offers)


async def update_organisation(
    *, uow: UnitOfWork, card_id: Any, data: OrganisationCardUpdate
) -> Card:
    """Change an organisation card; given lists replace the old ones."""
    card = editable(await existing_card(uow.session, card_id, "organisation"))
    given = data.model_fields_set
    for name in given & COLUMNS:
        setattr(card, name, getattr(data, name))
    if "districts" in given:
        card.districts = checked_districts(card.region, data.districts or [])
    _apply_details(card, {k: getattr(data, k) for k in given & DETAILS})
    offers = None
    if given & {"offers", "needs"}:
        offers = await replace_offers(
            uow.session,
            card,
            (data.offers or []) if "offers" in given else None,
            (data.needs or []) if "needs" in given else None,
        )
        card.life_areas = sorted({o.life_area for o in offers if o.life_area})
    return await save(uow, card, "updated", offers)


def _apply_details(card: Card, values: dict[str, Any]) -> None:
    details = dict(card.details)
    for name, value in values.items():
        if value is None:
            details.pop(name, None)
        else:
            details[name] = json_ready(value)
    card.details = details
    address = details.get("address") or {}
    card.latitude, card.longitude = address.get("latitude"), address.get("longitude")
