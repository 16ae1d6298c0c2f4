"""Registered organisations and API clients: queries (never commits) and registration use cases."""

import re
import time
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.secrets import hash_secret, new_client_id, new_client_secret
from gateway.models import api_clients, organisations
from gateway.policy import ROLE_SCOPES, SECTORS_BY_ROLE
from tukiverkko_common.clock import utcnow
from tukiverkko_common.ids import new_id


@dataclass(frozen=True)
class Organisation:
    """A caller organisation: its role bounds its scopes; its sector says who it is."""

    id: str
    name: str
    role: str
    scopes: frozenset[str]
    sector: str
    business_id: str | None
    region: str | None
    municipality: str | None
    xroad_client: str | None
    oidc_organisation: str | None
    active: bool

    @classmethod
    def from_mapping(cls, row: Any) -> "Organisation":
        """Build from a row mapping (or the values just inserted)."""
        return cls(
            id=row["id"],
            name=row["name"],
            role=row["role"],
            # Scopes stored before the policy narrowed (a municipality once held a region's
            # scopes) never outlive it: what the role allows today bounds them.
            scopes=frozenset(row["scopes"]) & ROLE_SCOPES.get(row["role"], frozenset()),
            sector=row["sector"],
            business_id=row["business_id"],
            region=row["region"],
            municipality=row["municipality"],
            xroad_client=row["xroad_client"],
            oidc_organisation=row["oidc_organisation"],
            active=row["active"],
        )


class RegistrationError(ValueError):
    """Registration input that breaks a rule (unknown role, scope outside the role, duplicate alias)."""


def check_scopes(role: str, scopes: list[str]) -> list[str]:
    """Return the scopes sorted, or raise when one is not allowed for the role."""
    if role not in ROLE_SCOPES:
        raise RegistrationError(f"unknown role {role!r}; one of {', '.join(sorted(ROLE_SCOPES))}")
    outside = set(scopes) - ROLE_SCOPES[role]
    if outside:
        raise RegistrationError(f"scopes not allowed for {role}: {', '.join(sorted(outside))}")
    return sorted(set(scopes))


REGION_CODE = re.compile(r"^[a-z][a-z0-9-]{1,49}$")
MUNICIPALITY_CODE = re.compile(r"^\d{3}$")


def check_sector(role: str, sector: str | None) -> str:
    """Return the sector (the role's default when not given), or raise when the role cannot have it."""
    allowed = SECTORS_BY_ROLE[role]
    if sector is None:
        return allowed[0]
    if sector not in allowed:
        raise RegistrationError(f"a {role} has sector {' or '.join(allowed)}, not {sector!r}")
    return sector


def check_area(role: str, region: str | None, municipality: str | None) -> None:
    """A region's organisation needs its region code, a municipality its municipality code."""
    if region is not None and not REGION_CODE.match(region):
        raise RegistrationError(
            f"region {region!r} is not a wellbeing region code like 'kymenlaakso'"
        )
    if municipality is not None and not MUNICIPALITY_CODE.match(municipality):
        raise RegistrationError(
            f"municipality {municipality!r} is not a three-digit municipality code"
        )
    if role == "wellbeing_region" and region is None:
        raise RegistrationError("a wellbeing region needs --region (whose clients it sees)")
    if role == "municipality" and municipality is None:
        raise RegistrationError("a municipality needs --municipality (its own code)")


async def register_organisation(
    session: AsyncSession,
    *,
    name: str,
    role: str,
    scopes: list[str] | None = None,
    business_id: str | None = None,
    xroad_client: str | None = None,
    oidc_organisation: str | None = None,
    organisation_id: str | None = None,
    region: str | None = None,
    municipality: str | None = None,
    sector: str | None = None,
) -> Organisation:
    """Insert an organisation (scopes default to everything its role allows); the caller commits."""
    chosen = check_scopes(role, list(ROLE_SCOPES[role]) if scopes is None else scopes)
    chosen_sector = check_sector(role, sector)
    check_area(role, region, municipality)
    if business_id:
        from stdnum.fi import ytunnus

        if not ytunnus.is_valid(business_id):
            raise RegistrationError(f"business id {business_id!r} is not a valid Y-tunnus")
        business_id = ytunnus.format(business_id)
    values = {
        "id": organisation_id or str(new_id()),
        "name": name,
        "role": role,
        "scopes": chosen,
        "sector": chosen_sector,
        "business_id": business_id,
        "region": region,
        "municipality": municipality,
        "xroad_client": xroad_client,
        "oidc_organisation": oidc_organisation,
        "active": True,
        "created_at": utcnow(),
    }
    await session.execute(organisations.insert().values(**values))
    return Organisation.from_mapping(values)


async def register_client(
    session: AsyncSession,
    *,
    organisation: Organisation,
    scopes: list[str] | None = None,
    description: str | None = None,
) -> tuple[str, str]:
    """Insert an API client for an organisation; return (client_id, secret). The caller commits."""
    chosen = sorted(organisation.scopes if scopes is None else set(scopes))
    outside = set(chosen) - organisation.scopes
    if outside:
        raise RegistrationError(
            f"scopes not granted to the organisation: {', '.join(sorted(outside))}"
        )
    client_id, secret = new_client_id(), new_client_secret()
    await session.execute(
        api_clients.insert().values(
            client_id=client_id,
            organisation_id=organisation.id,
            secret_hash=hash_secret(secret),
            scopes=chosen,
            description=description,
            created_at=utcnow(),
        )
    )
    return client_id, secret


async def revoke_client(session: AsyncSession, client_id: str) -> bool:
    """Mark a client revoked; return False when no active client has that id. The caller commits."""
    result = await session.execute(
        update(api_clients)
        .where(api_clients.c.client_id == client_id, api_clients.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return cast("CursorResult[Any]", result).rowcount == 1


class Registry:
    """Read-side lookups with a short cache, so revocations take effect within seconds."""

    def __init__(self, sessions: Any, ttl: float = 5.0) -> None:
        self._sessions = sessions
        self._ttl = ttl
        self._cache: dict[tuple[str, str], tuple[float, Any]] = {}

    async def _cached(self, kind: str, key: str, load: Any) -> Any:
        hit = self._cache.get((kind, key))
        now = time.monotonic()
        if hit is not None and hit[0] > now:
            return hit[1]
        value = await load()
        self._cache[(kind, key)] = (now + self._ttl, value)
        return value

    async def organisation(self, organisation_id: str) -> Organisation | None:
        """Return an active organisation by id."""
        return await self._cached(
            "org", organisation_id, lambda: self._org_where(organisations.c.id == organisation_id)
        )

    async def by_xroad_client(self, xroad_client: str) -> Organisation | None:
        """Return the active organisation registered for an X-Road client identifier."""
        return await self._cached(
            "xroad",
            xroad_client,
            lambda: self._org_where(organisations.c.xroad_client == xroad_client),
        )

    async def by_oidc_organisation(self, value: str) -> Organisation | None:
        """Return the active organisation named by an OIDC organisation claim (alias or id)."""

        async def load() -> Organisation | None:
            found = await self._org_where(organisations.c.oidc_organisation == value)
            return found or await self._org_where(organisations.c.id == value)

        return await self._cached("oidc", value, load)

    async def region_organisation(self, region: str) -> Organisation | None:
        """Return the (first registered) wellbeing region organisation of a region code."""

        async def load() -> Organisation | None:
            async with self._sessions() as session:
                row = (
                    await session.execute(
                        select(organisations)
                        .where(
                            organisations.c.region == region,
                            organisations.c.role == "wellbeing_region",
                            organisations.c.active.is_(True),
                        )
                        .order_by(organisations.c.created_at)
                    )
                ).first()
            return Organisation.from_mapping(row._mapping) if row is not None else None

        return await self._cached("region", region, load)

    async def client(self, client_id: str) -> Any | None:
        """Return the API client row when it exists and is not revoked."""

        async def load() -> Any | None:
            async with self._sessions() as session:
                row = (
                    await session.execute(
                        select(api_clients).where(api_clients.c.client_id == client_id)
                    )
                ).first()
            return row if row is not None and row.revoked_at is None else None

        return await self._cached("client", client_id, load)

    async def _org_where(self, condition: Any) -> Organisation | None:
        async with self._sessions() as session:
            row = (await session.execute(select(organisations).where(condition))).first()
        if row is None or not row.active:
            return None
        return Organisation.from_mapping(row._mapping)
