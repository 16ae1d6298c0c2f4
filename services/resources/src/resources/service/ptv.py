"""Import organisations and their services from a Suomi.fi Service Catalogue (PTV) v11 export.

Idempotent: a card or offer changes (and an event is published) only when the export says
something different from what is stored, so importing the same file again changes nothing.
"""

from typing import Any

from sqlmodel import col, select

from resources.business_id import valid_business_id
from resources.models import Card, Offer
from resources.repository import cards as card_queries
from resources.schemas.ptv import (
    PtvImport,
    PtvImportRead,
    PtvOrganization,
    PtvService,
    TypedLocalizedValue,
)
from resources.service.events import stage_card_event
from resources.service.indexing import reindex
from tukiverkko_common.actors import Actor
from tukiverkko_common.clock import utcnow
from tukiverkko_common.uow import UnitOfWork

SECTORS = {
    "Municipality": "municipal",
    "RegionalOrganization": "municipal",
    "Region": "municipal",
    "State": "municipal",
    "SotePublic": "municipal",
    "Company": "private",
    "SotePrivate": "private",
    "Organization": "third_sector",
}
ROLES = ("Responsible", "Producer")
CARD_FIELDS = ("name_fi", "name_sv", "sector", "business_id", "latitude", "longitude", "details")
OFFER_FIELDS = ("name_fi", "name_sv", "description_fi", "description_sv")


def _text(values: list[TypedLocalizedValue], language: str, *types: str) -> str | None:
    for kind in types:
        for value in values:
            if value.type == kind and value.language == language and value.value.strip():
                return value.value.strip()
    return None


def _degrees(value: str | None, limit: float) -> float | None:
    # v11 gives ETRS-TM35FIN metres for most addresses: only WGS84 degrees are taken as they are.
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return number if number is not None and abs(number) <= limit else None


def _business_id(code: str | None, skipped: list[str], ptv_id: object) -> str | None:
    if not code:
        return None
    try:
        return valid_business_id(code)
    except ValueError:
        skipped.append(f"{ptv_id}: businessCode left out (not a valid Y-tunnus)")
        return None


def _address(org: PtvOrganization) -> dict[str, Any] | None:
    visiting = next((a for a in org.addresses if a.type == "Visiting" and a.streetAddress), None)
    street = visiting.streetAddress if visiting else None
    if street is None or not street.street or not street.postalCode:
        return None
    name = next((v.value for v in street.street if v.language == "fi"), street.street[0].value)
    office = next((v.value for v in street.postOffice if v.language == "fi"), "")
    found = {
        "street": f"{name} {street.streetNumber or ''}".strip(),
        "postal_code": street.postalCode,
        "post_office": office,
        "latitude": _degrees(street.latitude, 90),
        "longitude": _degrees(street.longitude, 180),
    }
    return {k: v for k, v in found.items() if v is not None}


def card_fields(org: PtvOrganization, skipped: list[str]) -> dict[str, Any]:
    """Return the card columns an organisation of the export stands for."""
    contact = {
        "email": org.emails[0].value if org.emails else None,
        "phone": f"{org.phoneNumbers[0].prefixNumber or ''} {org.phoneNumbers[0].number}".strip()
        if org.phoneNumbers
        else None,
        "website": org.webPages[0].url if org.webPages else None,
    }
    details: dict[str, Any] = {
        "description_fi": _text(org.organizationDescriptions, "fi", "Description", "Summary"),
        "description_sv": _text(org.organizationDescriptions, "sv", "Description", "Summary"),
        "contact": {k: v for k, v in contact.items() if v} or None,
        "address": _address(org),
    }
    details = {k: v for k, v in details.items() if v}
    address = details.get("address") or {}
    return {
        "name_fi": _text(org.organizationNames, "fi", "Name") or org.organizationNames[0].value,
        "name_sv": _text(org.organizationNames, "sv", "Name"),
        "sector": SECTORS.get(org.organizationType or "", "third_sector"),
        "business_id": _business_id(org.businessCode, skipped, org.id),
        "latitude": address.get("latitude"),
        "longitude": address.get("longitude"),
        "details": details,
    }


def offer_fields(service: PtvService) -> dict[str, Any]:
    """Return the offer columns a service of the export stands for."""
    return {
        "name_fi": _text(service.serviceNames, "fi", "Name") or service.serviceNames[0].value,
        "name_sv": _text(service.serviceNames, "sv", "Name"),
        "description_fi": _text(service.serviceDescriptions, "fi", "Summary", "Description"),
        "description_sv": _text(service.serviceDescriptions, "sv", "Summary", "Description"),
    }


def _apply(row: Any, fields: dict[str, Any], names: tuple[str, ...]) -> bool:
    changed = any(getattr(row, name) != fields[name] for name in names)
    if changed:
        for name in names:
            setattr(row, name, fields[name])
    return changed


async def import_ptv(*, uow: UnitOfWork, data: PtvImport, actor: Actor) -> PtvImportRead:
    """Create or update organisation cards and their offers from a PTV export; commit once."""
    source, skipped = f"ptv:{data.region}", []
    existing = await _imported_cards(uow, source)
    created: set[str] = set()
    updated: set[str] = set()
    for org in data.organizations:
        if org.publishingStatus != "Published":
            skipped.append(f"{org.id}: not published")
            continue
        fields = card_fields(org, skipped)
        card = existing.get(str(org.id))
        if card is None:
            card = Card(
                card_type="organisation", region=data.region, owner_organisation_id=actor.organisation_id,
                external_source=source, external_id=str(org.id), **fields,
            )  # fmt: skip
            existing[str(org.id)] = card
            created.add(str(org.id))
            uow.session.add(card)
        elif _apply(card, fields, CARD_FIELDS):
            updated.add(str(org.id))
    await uow.session.flush()
    offers = await _import_offers(uow, data.services, existing, skipped)
    updated |= {ptv_id for ptv_id in offers["touched"] if ptv_id not in created}
    await _publish(uow, existing, created, updated)
    await uow.commit()
    return PtvImportRead(
        organisations_created=len(created),
        organisations_updated=len([i for i in updated if i in {str(o.id) for o in data.organizations}]),
        organisations_unchanged=len(data.organizations) - len(created) - len(updated)
        - len([s for s in skipped if s.endswith("not published")]),
        offers_created=offers["created"],
        offers_updated=offers["updated"],
        skipped=skipped,
    )  # fmt: skip


async def _imported_cards(uow: UnitOfWork, source: str) -> dict[str, Card]:
    query = select(Card).where(Card.external_source == source)
    return {str(c.external_id): c for c in (await uow.session.exec(query)).all()}


async def _import_offers(
    uow: UnitOfWork, services: list[PtvService], cards: dict[str, Card], skipped: list[str]
) -> dict[str, Any]:
    card_ids = [c.id for c in cards.values()]
    query = select(Offer).where(
        col(Offer.card_id).in_(card_ids), col(Offer.external_id).is_not(None)
    )
    stored = {(o.card_id, o.external_id): o for o in (await uow.session.exec(query)).all()}
    counts: dict[str, Any] = {"created": 0, "updated": 0, "touched": set()}
    for service in services:
        owners = [
            r.organization.id
            for r in service.organizations
            if r.roleType in ROLES and r.organization
        ]
        targets = [cards[str(o)] for o in owners if str(o) in cards]
        if service.publishingStatus != "Published" or not targets:
            skipped.append(f"{service.id}: not published or no imported organisation")
            continue
        fields = offer_fields(service)
        for card in targets:
            offer = stored.get((card.id, str(service.id)))
            if offer is None:
                position = len([k for k in stored if k[0] == card.id])
                offer = Offer(card_id=card.id, direction="offer", position=position,
                              external_id=str(service.id), **fields)  # fmt: skip
                stored[(card.id, str(service.id))] = offer
                counts["created"] += 1
            elif _apply(offer, fields, OFFER_FIELDS):
                offer.updated_at = utcnow()
                counts["updated"] += 1
            else:
                continue
            uow.session.add(offer)
            counts["touched"].add(str(card.external_id))
    return counts


async def _publish(
    uow: UnitOfWork, cards: dict[str, Card], created: set[str], updated: set[str]
) -> None:
    await uow.session.flush()
    for ptv_id in sorted(created | updated):
        card = cards[ptv_id]
        card.updated_at = utcnow()
        uow.session.add(card)
        stage_card_event(uow, "created" if ptv_id in created else "updated", card)
        offers = (await card_queries.offers_of(uow.session, [card.id]))[card.id]
        await reindex(uow.session, card, offers)
