"""Districts: the region's districts (from the area codes) with what the resource finders keep."""

from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from resources.models import District, DistrictNetwork, DistrictNote
from resources.repository import districts as repository
from resources.schemas.districts import (
    DistrictAssignment,
    DistrictRead,
    NetworkCreate,
    NetworkRead,
    NoteCreate,
    NoteRead,
)
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.clock import utcnow
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.problems import invalid
from tukiverkko_common.uow import UnitOfWork

NOTES_PER_DISTRICT = 20


def region_districts(regions: list[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """Return district code → (region, names) for the districts of these regions."""
    return {
        code: (m.region, names)
        for m in area_codes().municipalities.values()
        if m.region in regions
        for code, names in m.districts.items()
    }


async def list_districts(
    *, session: AsyncSession, scope: AccessScope | None, region: str | None
) -> list[DistrictRead]:
    """Return the districts of the caller's region (or of `region` for an internal call)."""
    regions = list(scope.regions) if scope is not None else list(area_codes().regions)
    if region is not None:
        regions = [r for r in regions if r == region]
    known = region_districts(regions)
    codes = sorted(known)
    stored = await repository.records(session, codes)
    nets = await repository.networks(session, codes)
    notes = await repository.notes(session, codes, NOTES_PER_DISTRICT)
    return [
        DistrictRead(
            code=code,
            region=known[code][0],
            name_fi=known[code][1]["fi"],
            name_sv=known[code][1]["sv"],
            finder_worker_ids=stored[code].finder_worker_ids if code in stored else [],
            key_person_card_ids=stored[code].key_person_card_ids if code in stored else [],
            networks=[NetworkRead.model_validate(n, from_attributes=True) for n in nets if n.district_code == code],
            notes=[NoteRead.model_validate(n, from_attributes=True) for n in notes if n.district_code == code],
        )
        for code in codes
    ]  # fmt: skip


async def _cards_in_region(
    session: AsyncSession, ids: list[UUID], region: str, field: str
) -> list[str]:
    if outside := await repository.cards_outside(session, ids, region):
        raise invalid(field, f"{len(outside)} id(s) name no card of region {region}")
    return [str(i) for i in ids]


async def assign(*, uow: UnitOfWork, data: DistrictAssignment) -> None:
    """Set a district's resource finders and key persons."""
    record = await uow.session.get(District, data.district) or District(
        code=data.district, region=data.region
    )
    record.finder_worker_ids = list(dict.fromkeys(data.finder_worker_ids))
    record.key_person_card_ids = await _cards_in_region(
        uow.session, data.key_person_card_ids, data.region, "key_person_card_ids"
    )
    record.updated_at = utcnow()
    uow.session.add(record)
    await uow.commit()


async def add_network(*, uow: UnitOfWork, data: NetworkCreate) -> DistrictNetwork:
    """Record an existing network of a district."""
    ids = await _cards_in_region(uow.session, data.card_ids, data.region, "card_ids")
    network = DistrictNetwork(
        district_code=data.district,
        region=data.region,
        name=data.name,
        kind=data.kind,
        card_ids=ids,
    )
    uow.session.add(network)
    await uow.commit()
    return network


async def add_note(*, uow: UnitOfWork, data: NoteCreate) -> DistrictNote:
    """Write a dated field note about a district."""
    note = DistrictNote(
        district_code=data.district,
        region=data.region,
        noted_on=data.noted_on,
        worker_id=data.worker_id,
        text=data.text,
    )
    uow.session.add(note)
    await uow.commit()
    return note
