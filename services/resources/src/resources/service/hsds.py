"""HSDS 3.0 views of organisation cards and their offers (never a card about a person)."""

import math
from datetime import UTC, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import Card, Offer
from resources.repository import cards as card_queries
from resources.repository import hsds as repository
from resources.schemas.hsds import (
    HsdsAddress,
    HsdsIdentifier,
    HsdsLocation,
    HsdsOrganization,
    HsdsOrganizationBrief,
    HsdsPage,
    HsdsPhone,
    HsdsService,
    HsdsServiceBrief,
)
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.problems import not_found

STATUS = {"active": "active", "archived": "defunct"}


def _sub_id(owner: UUID, what: str) -> str:
    # Sub-records (phones, locations, identifiers) have no rows of their own: stable derived ids.
    return str(uuid5(NAMESPACE_URL, f"urn:tukiverkko:{owner}:{what}"))


def _stamp(*moments: datetime) -> str:
    latest = max(m.astimezone(UTC) for m in moments)
    return latest.strftime("%Y-%m-%dT%H:%M:%S.") + f"{latest.microsecond // 1000:03d}Z"


def organisation_brief(card: Card) -> HsdsOrganizationBrief:
    """The one-to-one fields of an organisation."""
    contact = card.details.get("contact") or {}
    return HsdsOrganizationBrief(
        id=str(card.id),
        name=card.name_fi or "",
        alternate_name=card.name_sv,
        description=card.details.get("description_fi") or "",
        email=contact.get("email"),
        website=contact.get("website"),
    )


def service_brief(offer: Offer, card: Card, *, nested: bool) -> HsdsServiceBrief:
    """An offer as an HSDS service."""
    return HsdsServiceBrief(
        id=str(offer.id),
        organization_id=str(card.id),
        name=offer.name_fi,
        alternate_name=offer.name_sv,
        description=offer.description_fi,
        status=STATUS.get(card.status, "inactive"),
        last_modified=_stamp(offer.updated_at, card.updated_at),
        organization=organisation_brief(card) if nested else None,
    )


def _phones(card: Card, **owner: str) -> list[HsdsPhone]:
    number = (card.details.get("contact") or {}).get("phone")
    return [HsdsPhone(id=_sub_id(card.id, "phone"), number=number, **owner)] if number else []


def _locations(card: Card) -> list[HsdsLocation]:
    address = card.details.get("address")
    if not address:
        return []
    location_id = _sub_id(card.id, "location")
    region = area_codes().regions.get(card.region, {}).get("fi", card.region)
    return [
        HsdsLocation(
            id=location_id,
            organization_id=str(card.id),
            latitude=address.get("latitude"),
            longitude=address.get("longitude"),
            addresses=[
                HsdsAddress(
                    id=_sub_id(card.id, "address"),
                    location_id=location_id,
                    address_1=address["street"],
                    city=address["post_office"],
                    state_province=region,
                    postal_code=address["postal_code"],
                    country="FI",
                )
            ],
        )
    ]


def _paged(total: int, page: int, per_page: int, contents: list) -> HsdsPage:
    pages = math.ceil(total / per_page) if total else 0
    return HsdsPage(
        total_items=total,
        total_pages=pages,
        page_number=page,
        size=len(contents),
        first_page=page == 1,
        last_page=page >= pages,
        empty=not contents,
        contents=contents,
    )


def _regions(scope: AccessScope | None) -> list[str] | None:
    return list(scope.regions) if scope is not None else None


async def organisation_page(
    *, session: AsyncSession, scope: AccessScope | None, search: str | None,
    modified_after: datetime | None, page: int, per_page: int,
) -> HsdsPage:  # fmt: skip
    """Return a page of organisations."""
    total, cards = await repository.organisations(
        session, regions=_regions(scope), search=search, modified_after=modified_after,
        offset=(page - 1) * per_page, limit=per_page,
    )  # fmt: skip
    return _paged(total, page, per_page, [organisation_brief(c) for c in cards])


async def service_page(
    *, session: AsyncSession, scope: AccessScope | None, search: str | None,
    modified_after: datetime | None, organisation_id: UUID | None, page: int, per_page: int,
) -> HsdsPage:  # fmt: skip
    """Return a page of services."""
    total, rows = await repository.services(
        session, regions=_regions(scope), search=search, modified_after=modified_after,
        organisation_id=organisation_id, offset=(page - 1) * per_page, limit=per_page,
    )  # fmt: skip
    return _paged(total, page, per_page, [service_brief(o, c, nested=True) for o, c in rows])


async def organisation(*, session: AsyncSession, ident: UUID) -> HsdsOrganization:
    """Return an organisation with its identifiers, phones, locations and services."""
    card = await repository.organisation(session, ident)
    if card is None:
        raise not_found("organization", ident)
    offers = (await card_queries.offers_of(session, [card.id]))[card.id]
    identifiers = []
    if card.business_id:
        identifiers.append(
            HsdsIdentifier(
                id=_sub_id(card.id, "business_id"),
                organization_id=str(card.id),
                identifier_scheme="FI-YTJ",
                identifier_type="Y-tunnus",
                identifier=card.business_id,
            )
        )
    return HsdsOrganization(
        **organisation_brief(card).model_dump(),
        organization_identifiers=identifiers,
        phones=_phones(card, organization_id=str(card.id)),
        locations=_locations(card),
        services=[service_brief(o, card, nested=False) for o in offers if o.direction == "offer"],
    )


async def service(*, session: AsyncSession, ident: UUID) -> HsdsService:
    """Return one service with its organisation."""
    found = await repository.service(session, ident)
    if found is None:
        raise not_found("service", ident)
    offer, card = found
    return HsdsService(
        **service_brief(offer, card, nested=True).model_dump(exclude={"organization"}),
        organization=organisation_brief(card),
        phones=_phones(card, service_id=str(offer.id)),
    )
