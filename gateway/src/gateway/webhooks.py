"""Provider webhooks: fan-out of the events an organisation may see, signed, retried, logged.

An organisation sees referrals sent to it and changes to services it delivers. Each
matching subscription gets a delivery row in the same transaction as the inbox row,
so an event is queued exactly once; a dispatcher sends due deliveries, signed per
Standard Webhooks, and retries failures on the configured backoff.
"""

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select, update
from standardwebhooks import Webhook

from gateway.config import GatewaySettings
from gateway.models import webhook_attempts, webhook_deliveries, webhook_subscriptions
from tukiverkko_common.clock import as_utc, utcnow
from tukiverkko_common.events import CloudEvent
from tukiverkko_common.ids import new_id
from tukiverkko_common.runtime import Runtime
from tukiverkko_common.uow import UnitOfWork

log = logging.getLogger(__name__)

# Event type → (webhook type, field naming the organisation that may see it, fields sent).
WEBHOOK_EVENTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "fi.tukiverkko.plans.referral_sent.v1": (
        "referral.sent",
        "organisation_id",
        ("client_id", "plan_id", "referral_id", "organisation_id", "service_type", "sent_at"),
    ),
    "fi.tukiverkko.plans.referral_answered.v1": (
        "referral.answered",
        "organisation_id",
        ("client_id", "plan_id", "referral_id", "organisation_id", "status", "answered_at"),
    ),
    "fi.tukiverkko.plans.service_agreed.v1": (
        "service.agreed",
        "provider_organisation_id",
        (
            "client_id",
            "plan_id",
            "service_id",
            "service_type",
            "provider_organisation_id",
            "hours_per_month",
            "valid_from",
            "valid_until",
            "change",
        ),
    ),
}


def subscription_secret(settings: GatewaySettings, subscription_id: str) -> str:
    """Return the subscription's Standard Webhooks secret, derived from the master key (never stored)."""
    key = settings.webhook_secret_key.get_secret_value().encode()
    raw = hmac.new(key, f"webhook:{subscription_id}".encode(), hashlib.sha256).digest()
    return "whsec_" + base64.b64encode(raw).decode()


def target_problem(url: str, settings: GatewaySettings) -> str | None:
    """Return why a webhook URL is not acceptable, or None (https and public outside development)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "must be an absolute http(s) URL"
    if settings.insecure_webhooks_allowed:
        return None
    if parts.scheme != "https":
        return "must use https"
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return None
    return None if address.is_global else "must not point to a private or local address"


async def _resolves_public(host: str) -> bool:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return all(ipaddress.ip_address(info[4][0]).is_global for info in infos)


async def queue_deliveries(uow: UnitOfWork, event: CloudEvent) -> None:
    """Queue one delivery per subscription that may see this event (inside the consumer's transaction)."""
    spec = WEBHOOK_EVENTS.get(event.type)
    if spec is None:
        return
    webhook_type, org_field, fields = spec
    organisation = event.data.get(org_field)
    if not organisation:
        return
    rows = await uow.session.execute(
        select(webhook_subscriptions.c.id, webhook_subscriptions.c.event_types).where(
            webhook_subscriptions.c.organisation_id == str(organisation),
            webhook_subscriptions.c.deleted_at.is_(None),
        )
    )
    payload = json.dumps(
        {
            "type": webhook_type,
            "timestamp": event.time.isoformat(),
            "data": {f: event.data.get(f) for f in fields},
        },
        separators=(",", ":"),
    )
    now = utcnow()
    for row in rows:
        if webhook_type in row.event_types:
            await uow.session.execute(
                webhook_deliveries.insert().values(
                    id=str(new_id()),
                    subscription_id=row.id,
                    message_id=event.id,
                    event_type=webhook_type,
                    payload=payload,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )


class WebhookDispatcher:
    """Send due deliveries; retry with backoff; record every attempt."""

    def __init__(self, runtime: Runtime, settings: GatewaySettings, batch: int = 20) -> None:
        self._runtime = runtime
        self._settings = settings
        self._batch = batch
        self._client: httpx.AsyncClient | None = None

    async def run(self) -> None:
        """Loop until cancelled."""
        self._client = httpx.AsyncClient(
            timeout=self._settings.webhook_timeout_seconds, follow_redirects=False
        )
        try:
            while True:
                try:
                    claimed = await self._claim()
                    await asyncio.gather(*(self._deliver(row) for row in claimed))
                except Exception as exc:  # database trouble: try again on the next tick
                    claimed = []
                    log.warning("webhook dispatch failed: %s", type(exc).__name__)
                if len(claimed) < self._batch:
                    await asyncio.sleep(self._settings.webhook_poll_seconds)
        finally:
            await self._client.aclose()

    async def _claim(self) -> Sequence[Any]:
        now = utcnow()
        lease = now + timedelta(seconds=self._settings.webhook_timeout_seconds + 10)
        d, s = webhook_deliveries, webhook_subscriptions
        # A cheap read first: most ticks find nothing, and they must not queue for the write lock.
        async with self._runtime.sessions() as session:
            due = await session.scalar(
                select(d.c.id).where(d.c.status == "pending", d.c.next_attempt_at <= now).limit(1)
            )
        if due is None:
            return []
        async with self._runtime.uow() as uow:
            rows = (
                await uow.session.execute(
                    select(
                        d.c.id,
                        d.c.subscription_id,
                        d.c.message_id,
                        d.c.payload,
                        d.c.attempts,
                        s.c.url,
                    )
                    .join(s, s.c.id == d.c.subscription_id)
                    .where(d.c.status == "pending", d.c.next_attempt_at <= now)
                    .where((d.c.lease_until.is_(None)) | (d.c.lease_until < now))
                    .order_by(d.c.next_attempt_at)
                    .limit(self._batch)
                )
            ).all()
            if rows:
                await uow.session.execute(
                    update(d).where(d.c.id.in_([r.id for r in rows])).values(lease_until=lease)
                )
            await uow.commit()
        return rows

    async def _deliver(self, row: Any) -> None:
        assert self._client is not None
        secret = subscription_secret(self._settings, row.subscription_id)
        sent_at = utcnow()
        headers = {
            "webhook-id": row.message_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": Webhook(secret).sign(row.message_id, sent_at, row.payload),
            "content-type": "application/json",
            "user-agent": "Tukiverkko-Webhooks/1.0",
        }
        status_code, error = None, None
        started = time.perf_counter()
        try:
            host = urlsplit(row.url).hostname or ""
            if not self._settings.insecure_webhooks_allowed and not await _resolves_public(host):
                raise ValueError("target resolves to a private address")
            response = await self._client.post(
                row.url, content=row.payload.encode(), headers=headers
            )
            status_code = response.status_code
        except (httpx.HTTPError, OSError, ValueError) as exc:
            error = type(exc).__name__
        await self._record(row, sent_at, status_code, error, (time.perf_counter() - started) * 1000)

    async def _record(
        self, row: Any, at: Any, status_code: int | None, error: str | None, ms: float
    ) -> None:
        attempt = row.attempts + 1
        ok = status_code is not None and 200 <= status_code < 300
        backoff = self._settings.webhook_backoff_seconds
        values: dict[str, Any] = {"attempts": attempt, "lease_until": None}
        if ok:
            values |= {"status": "delivered", "delivered_at": utcnow(), "next_attempt_at": None}
        elif attempt >= self._settings.max_webhook_attempts:
            values |= {"status": "failed", "next_attempt_at": None}
        else:
            values["next_attempt_at"] = as_utc(at) + timedelta(seconds=backoff[attempt - 1])
        async with self._runtime.uow() as uow:
            await uow.session.execute(
                webhook_attempts.insert().values(
                    delivery_id=row.id,
                    attempt=attempt,
                    attempted_at=at,
                    status_code=status_code,
                    error=error,
                    duration_ms=round(ms, 2),
                )
            )
            await uow.session.execute(
                update(webhook_deliveries).where(webhook_deliveries.c.id == row.id).values(**values)
            )
            await uow.commit()
