"""The self-monitoring plan (omavalvontasuunnitelma) of a housing network, generated from its data.

Generating assembles the content (language-neutral: codes, counts, the activities' own texts)
and stores it as a version with its SHA-256 content hash; a new version only when the content
changed since the latest one. Every version renders later as HTML or PDF in Finnish or Swedish,
as it was when generated.
"""

import hashlib
import json
from typing import Any
from uuid import UUID

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from network.models_housing import (
    ActivitySession,
    Apartment,
    Attendance,
    CommunityActivity,
    HousingNetwork,
    Residency,
    SelfMonitoringVersion,
)
from network.repository import housing as repo
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.uow import UnitOfWork


def content_hash(content: dict[str, Any]) -> str:
    """Return the SHA-256 of the content's canonical JSON."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def _count(session: AsyncSession, query: Any) -> int:
    return int((await session.exec(query)).one())


async def _activity(session: AsyncSession, activity: CommunityActivity) -> dict[str, Any]:
    sessions = await _count(
        session,
        select(func.count())
        .select_from(ActivitySession)
        .where(ActivitySession.activity_id == activity.id),
    )
    hours = (
        await session.exec(
            select(func.coalesce(func.sum(ActivitySession.staff_hours), 0.0)).where(
                ActivitySession.activity_id == activity.id
            )
        )
    ).one()
    attendees = await _count(
        session,
        select(func.count())
        .select_from(Attendance)
        .join(ActivitySession, col(ActivitySession.id) == col(Attendance.session_id))
        .where(ActivitySession.activity_id == activity.id),
    )
    return {
        "title": activity.title,
        "goal": activity.goal,
        "content": activity.content,
        "recurrence": activity.recurrence,
        "weekday": activity.weekday,
        "start_time": activity.start_time.strftime("%H:%M") if activity.start_time else None,
        "duration_minutes": activity.duration_minutes,
        "starts_on": activity.starts_on.isoformat(),
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else None,
        "planned_with_residents": len(activity.planned_with_client_ids),
        "responsible_worker_id": activity.responsible_worker_id,
        "producer_organisation_id": str(activity.producer_organisation_id),
        "resource_cards": len(activity.resource_card_ids),
        "staff_count": activity.staff_count,
        "staff_hours_per_session": activity.staff_hours_per_session,
        "competence_requirements": sorted(activity.competence_requirements),
        "follow_up": sorted(activity.follow_up),
        "status": activity.status,
        "sessions_held": sessions,
        "staff_hours_delivered": round(float(hours), 2),
        "attendances": attendees,
    }


async def assemble(session: AsyncSession, network: HousingNetwork) -> dict[str, Any]:
    """Return the plan's content from the network's data as it stands."""
    today = helsinki_date(utcnow())
    activities = (
        await session.exec(
            select(CommunityActivity)
            .where(CommunityActivity.network_id == network.id)
            .order_by(col(CommunityActivity.starts_on), col(CommunityActivity.id))
        )
    ).all()
    partners = [p for p in await repo.partners(session, network.id) if p.left_on is None]
    living = (
        select(func.count())
        .select_from(Residency)
        .where(
            Residency.network_id == network.id,
            Residency.moved_in_on <= today,
            (col(Residency.moved_out_on).is_(None)) | (col(Residency.moved_out_on) >= today),
        )
    )
    apartments = (
        select(func.count()).select_from(Apartment).where(Apartment.network_id == network.id)
    )
    return {
        "network": {
            "name": network.name,
            "region": network.region,
            "municipality": network.municipality,
            "districts": list(network.districts),
            "producers": len(network.producer_organisation_ids),
            "coordinator_worker_id": network.coordinator_worker_id,
        },
        "residents": await _count(session, living),
        "apartments": await _count(session, apartments),
        "partners": {
            kind: sum(p.card_kind == kind for p in partners) for kind in ("organisation", "citizen")
        },
        "activities": [await _activity(session, a) for a in activities],
    }


async def generate(
    *, uow: UnitOfWork, network: HousingNetwork, organisation: UUID
) -> tuple[SelfMonitoringVersion, bool]:
    """Store a new version when the content changed; return the latest version and whether it is new."""
    content = await assemble(uow.session, network)
    digest = content_hash(content)
    latest = await latest_version(uow.session, network.id)
    if latest is not None and latest.content_hash == digest:
        return latest, False
    version = SelfMonitoringVersion(
        network_id=network.id,
        version=(latest.version + 1) if latest else 1,
        content_hash=digest,
        content=content,
        generated_at=utcnow(),
        generated_by_organisation=organisation,
    )
    uow.session.add(version)
    await uow.commit()
    return version, True


async def latest_version(session: AsyncSession, network_id: UUID) -> SelfMonitoringVersion | None:
    """Return the network's newest version, if any."""
    query = (
        select(SelfMonitoringVersion)
        .where(SelfMonitoringVersion.network_id == network_id)
        .order_by(col(SelfMonitoringVersion.version).desc())
        .limit(1)
    )
    return (await session.exec(query)).first()
