"""Client use cases: register with a validated identity code, update, read masked."""

from sqlalchemy.exc import IntegrityError

from plans.areas import check_area
from plans.config import PlansSettings
from plans.identity import identity_hash, mask, validate_identity_code
from plans.models import Client
from plans.repository import clients as repo
from plans.schemas.clients import ClientCreate, ClientRead, ClientUpdate
from plans.service.common import changed_fields, stage, touch
from tukiverkko_common.actors import current_actor
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.plans import ClientRegistered, ClientUpdated
from tukiverkko_common.problems import conflict, invalid
from tukiverkko_common.uow import UnitOfWork

DUPLICATE = "a client with this personal identity code already exists in this region"


async def register_client(
    *, uow: UnitOfWork, settings: PlansSettings, data: ClientCreate
) -> Client:
    """Create a client unless the code or area is invalid (422) or the region already has the person (409).

    Uniqueness is per region: the 409 names the region's own client, and another region's
    record of the same person is never looked at (no answer may reveal it).
    """
    check_area(data.region, data.municipality)
    code = validate_identity_code(
        data.personal_identity_code, allow_temporary=settings.accept_temporary_identity_codes
    )
    digest = identity_hash(code, settings.identity_hash_key.get_secret_value())
    existing = await repo.find_by_hash(uow.session, digest, region=data.region)
    if existing is not None:
        raise conflict("duplicate-client", DUPLICATE, client_id=str(existing.id))
    who = current_actor()
    client = Client(
        personal_identity_code=code,
        identity_code_hash=digest,
        created_by_org=who.organisation,
        created_by_user=who.user,
        **data.model_dump(exclude={"personal_identity_code"}),
    )
    uow.session.add(client)
    stage(
        uow,
        ClientRegistered(
            client_id=client.id,
            municipality=client.municipality,
            district=client.district,
            region=client.region,
            registered_at=client.created_at,
        ),
    )
    try:
        await uow.commit()
    except IntegrityError:  # a concurrent registration of the same code won the unique index
        raise conflict("duplicate-client", DUPLICATE) from None
    return client


async def update_client(*, uow: UnitOfWork, client: Client, data: ClientUpdate) -> Client:
    """Change a client's non-identifying attributes and publish what changed.

    The organising region never changes here (a move is a registration in the new region);
    a new municipality must lie inside the client's region, a district in its municipality.
    """
    values = data.model_dump(exclude_unset=True)
    check_area(client.region, values.get("municipality", client.municipality))
    if values.get("municipality", client.municipality) != client.municipality:
        values.setdefault("district", None)  # the old district lies in the old municipality
    _check_district(
        values.get("municipality", client.municipality), values.get("district", client.district)
    )
    changed = changed_fields(client, values)
    if changed:
        touch(client)
        stage(
            uow,
            ClientUpdated(
                client_id=client.id,
                municipality=client.municipality,
                district=client.district,
                region=client.region,
                changed_fields=changed,
                updated_at=utcnow(),
            ),
        )
    await uow.commit()
    return client


def _check_district(municipality: str, district: str | None) -> None:
    if district is not None and not area_codes().is_district_of(municipality, district):
        raise invalid("district", f"{district} is not a district of municipality {municipality}")


def client_read(client: Client, *, include_identity: bool) -> ClientRead:
    """Return the API view of a client, with the identity code masked unless asked for."""
    code = (
        client.personal_identity_code if include_identity else mask(client.personal_identity_code)
    )
    return ClientRead(
        id=client.id,
        client_id=client.id,
        personal_identity_code=code,
        identity_masked=not include_identity,
        languages=client.languages,
        communication_support=client.communication_support,
        communication_support_note=client.communication_support_note,
        municipality=client.municipality,
        district=client.district,
        region=client.region,
        housing_unit_code=client.housing_unit_code,
        created_at=client.created_at,
        modified_at=client.modified_at,
    )
