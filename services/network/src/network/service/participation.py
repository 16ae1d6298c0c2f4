"""Who takes part in what in a district: ties for the district network (housing's data).

The housing networks' activities replace this body; the district analysis only needs the ties.
"""

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession


@dataclass(frozen=True)
class ParticipationTie:
    """A person's part in an activity: `kind` is attended, brought or planned.

    `person_ref` is `client:<uuid>` (a resident, the client of a map) or `card:<uuid>` (a
    partner with a resource card); `activity_ref` is the activity's id.
    """

    person_ref: str
    activity_ref: str
    kind: str
    weight: float


async def participation_ties(
    session: AsyncSession, region: str, district: str
) -> list[ParticipationTie]:
    """Return the district's participation ties (none until activities are recorded here)."""
    return []
