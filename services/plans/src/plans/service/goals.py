"""Goal use cases: record, change (lifecycle and trend), note progress."""

from uuid import UUID

from sqlmodel import col, select

from plans.codes import GOAL_TRANSITIONS
from plans.models import Goal, Plan, ProgressNote
from plans.schemas.goals import GoalCreate, GoalUpdate, ProgressNoteCreate
from plans.service.common import changed_fields, ensure_open, parent_plan, stage, touch
from tukiverkko_common.actors import current_actor
from tukiverkko_common.contracts.plans import GoalChanged, GoalRecorded, ProgressNoted
from tukiverkko_common.problems import conflict, invalid
from tukiverkko_common.uow import UnitOfWork

NEW_GOAL_STATUSES = ("proposed", "active")


async def record_goal(*, uow: UnitOfWork, plan: Plan, data: GoalCreate) -> Goal:
    """Add a goal in a life area to an open plan."""
    ensure_open(plan)
    if data.status not in NEW_GOAL_STATUSES:
        raise invalid("status", "a new goal is proposed or active")
    goal = Goal(plan_id=plan.id, client_id=plan.client_id, **data.model_dump())
    uow.session.add(goal)
    stage(
        uow,
        GoalRecorded(
            client_id=goal.client_id,
            plan_id=plan.id,
            goal_id=goal.id,
            life_area=goal.life_area,
            expressed_by=goal.expressed_by,
            status=goal.status,
            due_on=goal.due_on,
        ),
    )
    await uow.commit()
    return goal


async def change_goal(*, uow: UnitOfWork, goal: Goal, data: GoalUpdate) -> Goal:
    """Change a goal; a status move outside proposed → active → achieved/changed/dropped is a 409."""
    ensure_open(await parent_plan(uow, goal))
    updates = data.model_dump(exclude_unset=True)
    target = updates.get("status")
    if target is not None and target != goal.status and target not in GOAL_TRANSITIONS[goal.status]:
        allowed = sorted(GOAL_TRANSITIONS[goal.status])
        raise conflict(
            "illegal-transition",
            f"a goal cannot move from {goal.status} to {target}",
            allowed=allowed,
        )
    changed = changed_fields(goal, updates)
    if changed:
        touch(goal)
        stage(uow, _goal_changed(goal, changed))
    await uow.commit()
    return goal


async def note_progress(*, uow: UnitOfWork, goal: Goal, data: ProgressNoteCreate) -> ProgressNote:
    """Write a dated progress note; the goal's trend becomes the note's trend."""
    ensure_open(await parent_plan(uow, goal))
    note = ProgressNote(
        goal_id=goal.id,
        plan_id=goal.plan_id,
        client_id=goal.client_id,
        written_by_user=current_actor().user,
        **data.model_dump(),
    )
    uow.session.add(note)
    if goal.trend != data.trend:
        goal.trend = data.trend
        touch(goal)
        stage(uow, _goal_changed(goal, ["trend"]))
    stage(
        uow,
        ProgressNoted(
            client_id=goal.client_id,
            plan_id=goal.plan_id,
            goal_id=goal.id,
            note_id=note.id,
            noted_on=note.noted_on,
            trend=note.trend,
        ),
    )
    await uow.commit()
    return note


def _goal_changed(goal: Goal, changed: list[str]) -> GoalChanged:
    return GoalChanged(
        client_id=goal.client_id,
        plan_id=goal.plan_id,
        goal_id=goal.id,
        life_area=goal.life_area,
        status=goal.status,
        trend=goal.trend,
        due_on=goal.due_on,
        changed_fields=changed,
    )


async def ensure_goals_in_plan(
    *, uow: UnitOfWork, plan: Plan, goal_ids: list[UUID], field: str = "goal_ids"
) -> None:
    """Refuse links to goals that are not this plan's (422 naming the field)."""
    if not goal_ids:
        return
    found = set(
        (
            await uow.session.exec(
                select(Goal.id).where(Goal.plan_id == plan.id, col(Goal.id).in_(goal_ids))
            )
        ).all()
    )
    missing = [str(g) for g in goal_ids if g not in found]
    if missing:
        raise invalid(field, f"not goals of plan {plan.id}: {', '.join(missing)}")
