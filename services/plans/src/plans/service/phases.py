"""Phased housing support: move forward, or back to an earlier phase, each with a date and reason."""

from plans.codes import PHASE_ORDER
from plans.config import PlansSettings
from plans.models import Client, Phase, Plan
from plans.repository import plans as repo
from plans.schemas.phases import PhaseChange
from plans.service.common import ensure_open, stage, touch
from tukiverkko_common.actors import current_actor
from tukiverkko_common.contracts.plans import PhaseChanged
from tukiverkko_common.problems import conflict, invalid
from tukiverkko_common.uow import UnitOfWork


def direction(previous: str | None, phase: str) -> str:
    """Return start, forward or back for a move between phases."""
    if previous is None:
        return "start"
    return "forward" if PHASE_ORDER.index(phase) > PHASE_ORDER.index(previous) else "back"


async def change_phase(
    *, uow: UnitOfWork, settings: PlansSettings, plan: Plan, client: Client, data: PhaseChange
) -> Phase:
    """End the current phase the day the new one starts; the region's amount is fixed on the new phase."""
    ensure_open(plan)
    current = await repo.current_phase(uow.session, plan.id)
    if current is not None:
        if current.phase == data.phase:
            raise conflict("same-phase", f"the client is already in the {data.phase} phase")
        if data.started_on <= current.started_on:
            raise invalid(
                "started_on", f"must be after the current phase started ({current.started_on})"
            )
        current.ended_on = data.started_on
        touch(current)
    previous = current.phase if current else None
    phase = Phase(
        plan_id=plan.id,
        client_id=plan.client_id,
        phase=data.phase,
        previous_phase=previous,
        direction=direction(previous, data.phase),
        started_on=data.started_on,
        reason_code=data.reason_code,
        reason_note=data.reason_note,
        planned_minutes_per_month=settings.phase_minutes(client.region, data.phase),
        recorded_by_user=current_actor().user,
    )
    uow.session.add(phase)
    stage(
        uow,
        PhaseChanged(
            client_id=plan.client_id,
            plan_id=plan.id,
            phase_id=phase.id,
            phase=phase.phase,
            previous_phase=previous,
            direction=phase.direction,
            started_on=phase.started_on,
            reason_code=phase.reason_code,
            planned_minutes_per_month=phase.planned_minutes_per_month,
        ),
    )
    await uow.commit()
    return phase
