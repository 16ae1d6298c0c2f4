"""Community activity use cases: plan with residents, change, record a session with its attendance."""

from typing import Any
from uuid import UUID

from network.models_housing import (
    ActivitySession,
    Attendance,
    CommunityActivity,
    HousingNetwork,
)
from network.repository import housing as repo
from network.schemas.activities import ActivityCreate, ActivityUpdate, Attendee, SessionCreate
from network.service.common import stage, touch
from tukiverkko_common.contracts.housing import (
    ActivityChanged,
    ActivityPlanned,
    AttendanceRecorded,
    SessionHeld,
)
from tukiverkko_common.problems import invalid
from tukiverkko_common.uow import UnitOfWork


def _strings(values: list[Any]) -> list[str]:
    return [str(v) for v in dict.fromkeys(values)]


async def plan_activity(
    *, uow: UnitOfWork, network: HousingNetwork, data: ActivityCreate
) -> CommunityActivity:
    """Plan an activity; those who planned it must be the network's residents."""
    residents = await repo.resident_ids(uow.session, network.id)
    if any(c not in residents for c in data.planned_with_client_ids):
        raise invalid("planned_with_client_ids", "names someone who is not a resident here")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise invalid("ends_on", "must not be before starts_on")
    fields = data.model_dump(exclude={"planned_with_client_ids", "resource_card_ids"})
    activity = CommunityActivity(
        network_id=network.id,
        **fields,
        planned_with_client_ids=_strings(data.planned_with_client_ids),
        resource_card_ids=_strings(data.resource_card_ids),
        status="planned",
    )
    uow.session.add(activity)
    stage(
        uow,
        ActivityPlanned(
            network_id=network.id,
            activity_id=activity.id,
            producer_organisation_id=activity.producer_organisation_id,
            recurrence=activity.recurrence,
            planned_with_residents=len(activity.planned_with_client_ids),
            staff_hours_per_session=activity.staff_hours_per_session,
            starts_on=activity.starts_on,
        ),
        network.id,
    )
    await uow.commit()
    return activity


async def change_activity(
    *, uow: UnitOfWork, activity: CommunityActivity, data: ActivityUpdate
) -> CommunityActivity:
    """Change the schedule, staffing, resources or status."""
    updates = data.model_dump(exclude_unset=True)
    if "resource_card_ids" in updates:
        updates["resource_card_ids"] = _strings(data.resource_card_ids or [])
    for required in ("recurrence", "staff_count", "staff_hours_per_session", "status"):
        if required in updates and updates[required] is None:
            raise invalid(required, "must not be null")
    changed = [k for k, v in updates.items() if getattr(activity, k) != v]
    for name in changed:
        setattr(activity, name, updates[name])
    if changed:
        touch(activity)
        stage(
            uow,
            ActivityChanged(
                network_id=activity.network_id,
                activity_id=activity.id,
                changed_fields=changed,
                status=activity.status,
            ),
            activity.network_id,
        )
    await uow.commit()
    return activity


async def _check_attendance(uow: UnitOfWork, network_id: UUID, attendance: list[Attendee]) -> None:
    residents = await repo.resident_ids(uow.session, network_id)
    refs = [a.ref() for a in attendance]
    if len(set(refs)) != len(refs):
        raise invalid("attendance", "names someone twice")
    for n, attendee in enumerate(attendance):
        if attendee.kind == "resident" and attendee.client_id not in residents:
            raise invalid(f"attendance.{n}.client_id", "is not a resident of this network")
        if attendee.kind != "resident" and attendee.resource_card_id is None:
            raise invalid(f"attendance.{n}.resource_card_id", "partners and volunteers need a card")
        brought_by = attendee.brought_by
        if brought_by is not None and (brought_by.ref() not in refs or brought_by.ref() == refs[n]):
            raise invalid(f"attendance.{n}.brought_by", "must be another attendee of the session")


async def record_session(
    *, uow: UnitOfWork, activity: CommunityActivity, data: SessionCreate
) -> tuple[ActivitySession, list[Attendance]]:
    """Record a session and who attended (and who brought whom)."""
    await _check_attendance(uow, activity.network_id, data.attendance)
    hours = activity.staff_hours_per_session if data.staff_hours is None else data.staff_hours
    held = ActivitySession(
        activity_id=activity.id,
        network_id=activity.network_id,
        held_on=data.held_on,
        staff_hours=hours,
    )
    uow.session.add(held)
    rows = [
        Attendance(
            session_id=held.id,
            network_id=activity.network_id,
            attendee_kind=a.kind,
            client_id=a.client_id,
            resource_card_id=a.resource_card_id,
            brought_by=a.brought_by.ref() if a.brought_by else None,
        )
        for a in data.attendance
    ]
    uow.session.add_all(rows)
    _stage_session(uow, activity, held, rows)
    await uow.commit()
    return held, rows


def _stage_session(
    uow: UnitOfWork, activity: CommunityActivity, held: ActivitySession, rows: list[Attendance]
) -> None:
    common = {"network_id": activity.network_id, "activity_id": activity.id, "session_id": held.id}
    stage(
        uow,
        SessionHeld(**common, held_on=held.held_on, staff_hours=held.staff_hours),
        activity.network_id,
    )
    count = {
        k: sum(r.attendee_kind == k for r in rows) for k in ("resident", "partner", "volunteer")
    }
    stage(
        uow,
        AttendanceRecorded(
            **common,
            residents=count["resident"],
            partners=count["partner"],
            volunteers=count["volunteer"],
            resident_client_ids=[r.client_id for r in rows if r.client_id is not None],
            brought_by_pairs=sum(r.brought_by is not None for r in rows),
        ),
        activity.network_id,
    )
