"""Webhook subscriptions of the caller's organisation and their delivery log."""

from types import SimpleNamespace
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy import select, update

from gateway.auth.caller import Caller, CallerDep
from gateway.models import webhook_attempts, webhook_deliveries, webhook_subscriptions
from gateway.openapi_docs import error_responses
from gateway.schemas import DeliveryPage, DeliveryRead, WebhookCreate, WebhookCreated, WebhookRead
from gateway.state import GatewayState, get_state
from gateway.webhooks import subscription_secret, target_problem
from tukiverkko_common.clock import as_utc, utcnow
from tukiverkko_common.ids import new_id
from tukiverkko_common.problems import invalid, not_found

router = APIRouter(tags=["webhooks"])
SCOPE = "webhooks:manage"
WebhookId = Annotated[UUID, Path(description="Id of the webhook subscription")]


def _utc(value: Any) -> Any:
    return as_utc(value) if value is not None else None


def _read(row: Any) -> dict[str, Any]:
    return WebhookRead(
        id=row.id,
        url=row.url,
        event_types=row.event_types,
        description=row.description,
        created_at=as_utc(row.created_at),
    ).model_dump(mode="json")


async def _owned(state: GatewayState, caller: Caller, webhook_id: UUID) -> Any:
    """Return the caller's own live subscription, or 404 (another organisation's looks absent)."""
    s = webhook_subscriptions
    async with state.runtime.sessions() as session:
        row = (
            await session.execute(
                select(s).where(
                    s.c.id == str(webhook_id),
                    s.c.organisation_id == caller.organisation_id,
                    s.c.deleted_at.is_(None),
                )
            )
        ).first()
    if row is None:
        raise not_found("webhook", webhook_id)
    return row


@router.post(
    "/api/v1/webhooks",
    status_code=201,
    response_model=WebhookCreated,
    summary="Subscribe the caller's organisation to events about it",
    responses=error_responses(statuses=(401, 403, 413, 422, 429)),
)
async def create_webhook(
    body: WebhookCreate, request: Request, caller: CallerDep
) -> dict[str, Any]:
    """Create a subscription; the response carries its signing secret, shown only this once."""
    caller.require(SCOPE)
    state = get_state(request)
    url = str(body.url)
    if problem := target_problem(url, state.settings):
        raise invalid("url", problem)
    values: dict[str, Any] = {
        "id": str(new_id()),
        "organisation_id": caller.organisation_id,
        "url": url,
        "event_types": sorted({t.value for t in body.event_types}),
        "description": body.description,
        "created_at": utcnow(),
    }
    async with state.runtime.uow() as uow:
        await uow.session.execute(webhook_subscriptions.insert().values(**values))
        await uow.commit()
    row = SimpleNamespace(**values)
    return {**_read(row), "secret": subscription_secret(state.settings, values["id"])}


@router.get(
    "/api/v1/webhooks",
    response_model=list[WebhookRead],
    summary="List the organisation's subscriptions",
    responses=error_responses(statuses=(401, 403, 429)),
)
async def list_webhooks(request: Request, caller: CallerDep) -> list[dict[str, Any]]:
    """Return the caller organisation's live subscriptions."""
    caller.require(SCOPE)
    s = webhook_subscriptions
    async with get_state(request).runtime.sessions() as session:
        rows = (
            await session.execute(
                select(s)
                .where(s.c.organisation_id == caller.organisation_id, s.c.deleted_at.is_(None))
                .order_by(s.c.created_at)
            )
        ).all()
    return [_read(row) for row in rows]


@router.get(
    "/api/v1/webhooks/{webhook_id}",
    response_model=WebhookRead,
    summary="Read a subscription",
    responses=error_responses(statuses=(401, 403, 404, 422, 429)),
)
async def get_webhook(webhook_id: WebhookId, request: Request, caller: CallerDep) -> dict[str, Any]:
    """Return one of the caller organisation's subscriptions."""
    caller.require(SCOPE)
    return _read(await _owned(get_state(request), caller, webhook_id))


@router.delete(
    "/api/v1/webhooks/{webhook_id}",
    status_code=204,
    summary="Delete a subscription",
    responses=error_responses(statuses=(401, 403, 404, 422, 429)),
)
async def delete_webhook(webhook_id: WebhookId, request: Request, caller: CallerDep) -> Response:
    """Stop deliveries to the subscription; deliveries not yet sent are cancelled."""
    caller.require(SCOPE)
    state = get_state(request)
    await _owned(state, caller, webhook_id)
    async with state.runtime.uow() as uow:
        await uow.session.execute(
            update(webhook_subscriptions)
            .where(webhook_subscriptions.c.id == str(webhook_id))
            .values(deleted_at=utcnow())
        )
        await uow.session.execute(
            update(webhook_deliveries)
            .where(
                webhook_deliveries.c.subscription_id == str(webhook_id),
                webhook_deliveries.c.status == "pending",
            )
            .values(status="cancelled", next_attempt_at=None)
        )
        await uow.commit()
    return Response(status_code=204)


@router.get(
    "/api/v1/webhooks/{webhook_id}/deliveries",
    response_model=DeliveryPage,
    summary="Delivery log of a subscription, newest first",
    responses=error_responses(statuses=(401, 403, 404, 422, 429)),
)
async def list_deliveries(
    webhook_id: WebhookId,
    request: Request,
    caller: CallerDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> dict[str, Any]:
    """Return deliveries with every attempt's status code, error class and duration."""
    caller.require(SCOPE)
    state = get_state(request)
    await _owned(state, caller, webhook_id)
    d, a = webhook_deliveries, webhook_attempts
    async with state.runtime.sessions() as session:
        rows = (
            await session.execute(
                select(d)
                .where(d.c.subscription_id == str(webhook_id))
                .order_by(d.c.created_at.desc())
                .limit(limit)
            )
        ).all()
        attempts = (
            (
                await session.execute(
                    select(a).where(a.c.delivery_id.in_([r.id for r in rows])).order_by(a.c.attempt)
                )
            ).all()
            if rows
            else []
        )
    by_delivery: dict[str, list[Any]] = {}
    for attempt in attempts:
        by_delivery.setdefault(attempt.delivery_id, []).append(attempt)
    items = [
        DeliveryRead(
            id=r.id,
            message_id=r.message_id,
            event_type=r.event_type,
            status=r.status,
            attempt_count=r.attempts,
            created_at=as_utc(r.created_at),
            delivered_at=_utc(r.delivered_at),
            next_attempt_at=_utc(r.next_attempt_at),
            attempts=[
                {
                    "attempt": x.attempt,
                    "attempted_at": as_utc(x.attempted_at),
                    "status_code": x.status_code,
                    "error": x.error,
                    "duration_ms": x.duration_ms,
                }
                for x in by_delivery.get(r.id, [])
            ],
        ).model_dump(mode="json")
        for r in rows
    ]
    return {"items": items}
