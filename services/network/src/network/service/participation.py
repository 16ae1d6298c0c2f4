"""Who takes part in what in a district: ties for the district network, from the housing networks.

People are `client:<id>` (residents) or `card:<id>` (partners, volunteers); `activity_ref` is
an activity's id, or, for ties between two people, the other person's ref. Kinds:
- `attended`: a person → an activity, weight = sessions attended;
- `planned`: a resident → an activity they took part in planning, weight 1;
- `brought`: a person → the person they brought along, weight = times; who brings others in
  ties people together and shows as a key person of the district;
- `interacts`: a resident → another resident, as recorded (never assumed), weight 1;
- `resident`: a resident living in the district's networks today → the network's id, weight 0.
  A membership, not a tie: every resident is a node of the district, so one who never takes
  part shows as isolated.
Memberships come first, ordered by client, so the analysis numbers residents the same way
from call to call.
"""

from collections import Counter
from dataclasses import dataclass
from uuid import UUID

from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from network.models_housing import (
    ActivitySession,
    Attendance,
    CommunityActivity,
    HousingNetwork,
    Residency,
    ResidentInteraction,
)
from tukiverkko_common.clock import helsinki_date, utcnow


@dataclass(frozen=True)
class ParticipationTie:
    """A person's part in an activity (or a tie between two people): see the module's kinds.

    `person_ref` is `client:<uuid>` (a resident, the client of a map) or `card:<uuid>` (a
    partner with a resource card); `activity_ref` is the activity's id.
    """

    person_ref: str
    activity_ref: str
    kind: str
    weight: float


async def _networks(session: AsyncSession, region: str, district: str) -> list[UUID]:
    rows = (await session.exec(select(HousingNetwork).where(HousingNetwork.region == region))).all()
    return [n.id for n in rows if district in n.districts]


async def _memberships(session: AsyncSession, networks: list[UUID]) -> list[ParticipationTie]:
    today = helsinki_date(utcnow())
    query = select(Residency).where(
        col(Residency.network_id).in_(networks),
        Residency.moved_in_on <= today,
        or_(col(Residency.moved_out_on).is_(None), col(Residency.moved_out_on) >= today),
    )
    rows = (await session.exec(query)).all()
    return [
        ParticipationTie(f"client:{r.client_id}", f"network:{r.network_id}", "resident", 0.0)
        for r in rows
    ]


async def _attendance(session: AsyncSession, networks: list[UUID]) -> list[ParticipationTie]:
    query = (
        select(Attendance, ActivitySession.activity_id)
        .join(ActivitySession, col(ActivitySession.id) == col(Attendance.session_id))
        .where(col(Attendance.network_id).in_(networks))
    )
    attended: Counter[tuple[str, str]] = Counter()
    brought: Counter[tuple[str, str]] = Counter()
    for row, activity_id in (await session.exec(query)).all():
        person = f"client:{row.client_id}" if row.client_id else f"card:{row.resource_card_id}"
        attended[(person, str(activity_id))] += 1
        if row.brought_by:
            brought[(row.brought_by, person)] += 1
    return [ParticipationTie(p, a, "attended", float(n)) for (p, a), n in attended.items()] + [
        ParticipationTie(p, a, "brought", float(n)) for (p, a), n in brought.items()
    ]


async def _planning_and_interactions(
    session: AsyncSession, networks: list[UUID]
) -> list[ParticipationTie]:
    activities = (
        await session.exec(
            select(CommunityActivity).where(col(CommunityActivity.network_id).in_(networks))
        )
    ).all()
    ties = [
        ParticipationTie(f"client:{c}", str(a.id), "planned", 1.0)
        for a in activities
        for c in a.planned_with_client_ids
    ]
    interactions = (
        await session.exec(
            select(ResidentInteraction).where(col(ResidentInteraction.network_id).in_(networks))
        )
    ).all()
    return ties + [
        ParticipationTie(f"client:{i.client_id}", f"client:{i.other_client_id}", "interacts", 1.0)
        for i in interactions
        if i.kind != "conflict"
    ]


async def participation_ties(
    session: AsyncSession, region: str, district: str
) -> list[ParticipationTie]:
    """Return the district's participation ties from its housing networks' community life."""
    networks = await _networks(session, region, district)
    if not networks:
        return []
    return (
        await _memberships(session, networks)
        + await _attendance(session, networks)
        + await _planning_and_interactions(session, networks)
    )
