"""Client queries."""

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import and_, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from plans.codes import ACTIVE_REFERRAL_STATUSES
from plans.models import AgreedService, Client, Plan, Referral
from plans.repository.common import page
from plans.repository.ownership import scoped
from tukiverkko_common.clock import helsinki_date
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.paging import PageParams


async def find_by_hash(
    session: AsyncSession, identity_code_hash: str, *, region: str
) -> Client | None:
    """Return the region's client with this identity-code hash, if any (other regions are not looked at)."""
    query = select(Client).where(
        Client.region == region, Client.identity_code_hash == identity_code_hash
    )
    return (await session.exec(query)).first()


async def list_clients(
    session: AsyncSession, params: PageParams, scope: AccessScope | None
) -> tuple[list[Client], str | None]:
    """Return one page of the clients the caller's scope reaches."""
    return await page(session, scoped(select(Client), Client, scope), Client, params)


async def organisations(
    session: AsyncSession, client_id: UUID, today: date
) -> list[dict[str, Any]]:
    """Return organisations with an agreed service or a referral for the client, and whether active."""
    active = and_(
        col(Plan.status) != "closed",
        col(AgreedService.valid_from) <= today,
        or_(col(AgreedService.valid_until).is_(None), col(AgreedService.valid_until) >= today),
    )
    services = (
        select(
            col(AgreedService.provider_organisation_id),
            active,
            col(AgreedService.valid_from),
            col(AgreedService.valid_until),
        )
        .join(Plan, col(Plan.id) == AgreedService.plan_id)
        .where(
            AgreedService.client_id == client_id,
            col(AgreedService.provider_organisation_id).is_not(None),
        )
    )
    referrals = select(Referral).where(Referral.client_id == client_id)
    found = [
        {
            "organisation_id": org,
            "relation": "service",
            "active": bool(on),
            "since": since,
            "until": until,
        }
        for org, on, since, until in (await session.exec(services)).all()
    ]
    for referral in (await session.exec(referrals)).all():
        answered = referral.answered_at
        ended = helsinki_date(answered) if referral.status == "declined" and answered else None
        found.append(
            {
                "organisation_id": referral.organisation_id,
                "relation": "referral",
                "active": referral.status in ACTIVE_REFERRAL_STATUSES,
                "since": helsinki_date(referral.sent_at),
                "until": ended,
                "basis": referral.basis,
            }
        )
    return found
