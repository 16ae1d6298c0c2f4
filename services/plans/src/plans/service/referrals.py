"""Support requests (referrals) from a plan to a provider or partner, and their answers."""

from plans.codes import REFERRAL_TRANSITIONS
from plans.models import Plan, Referral
from plans.schemas.referrals import ReferralAnswerIn, ReferralCreate
from plans.service.common import ensure_open, stage, touch
from plans.service.goals import ensure_goals_in_plan
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.plans import ReferralAnswered, ReferralSent
from tukiverkko_common.problems import conflict
from tukiverkko_common.uow import UnitOfWork


async def send_referral(*, uow: UnitOfWork, plan: Plan, data: ReferralCreate) -> Referral:
    """Send a support request from an open plan to an organisation."""
    ensure_open(plan)
    await ensure_goals_in_plan(uow=uow, plan=plan, goal_ids=data.goal_ids)
    referral = Referral(
        plan_id=plan.id,
        client_id=plan.client_id,
        status="sent",
        sent_at=utcnow(),
        **data.model_dump(exclude={"goal_ids"}),
        goal_ids=[str(g) for g in data.goal_ids],
    )
    uow.session.add(referral)
    stage(
        uow,
        ReferralSent(
            client_id=plan.client_id,
            plan_id=plan.id,
            referral_id=referral.id,
            organisation_id=referral.organisation_id,
            service_type=referral.service_type,
            sent_at=referral.sent_at,
        ),
    )
    await uow.commit()
    return referral


async def answer_referral(
    *, uow: UnitOfWork, referral: Referral, data: ReferralAnswerIn
) -> Referral:
    """Record the receiving organisation's answer: sent → accepted/declined, accepted → delivered/declined."""
    if data.status not in REFERRAL_TRANSITIONS[referral.status]:
        allowed = sorted(REFERRAL_TRANSITIONS[referral.status])
        raise conflict(
            "illegal-transition",
            f"a referral cannot move from {referral.status} to {data.status}",
            allowed=allowed,
        )
    referral.status, referral.decline_reason = data.status, data.decline_reason
    referral.answer_note, referral.answered_at = data.note, utcnow()
    touch(referral)
    stage(
        uow,
        ReferralAnswered(
            client_id=referral.client_id,
            plan_id=referral.plan_id,
            referral_id=referral.id,
            organisation_id=referral.organisation_id,
            status=referral.status,
            decline_reason=referral.decline_reason,
            answered_at=referral.answered_at,
        ),
    )
    await uow.commit()
    return referral
