"""A name and an identity code typed into any string field of any write never leave the databases.

Every POST/PATCH body of the plans and consent services (from their OpenAPI documents) is
sent through the gateway once per string field, with that field holding a synthetic name,
then a synthetic identity code. Fields that legitimately hold free text (goal wording,
notes) may store them; worker ids and districts must refuse them. Neither marker may
appear on any Kafka topic, in the dashboards' SSE stream or in any log line.
"""

import asyncio
import contextlib
import json
import logging
import re
from collections import Counter
from typing import Any

import httpx
from gateway_harness import OrgClient, wait_until
from gateway_platform import Platform, synthetic_hetu
from privacy_walk import (
    LogCatcher,
    Record,
    WriteOperation,
    every_record,
    with_value,
    write_operations,
)
from sqlalchemy import func, select

from tukiverkko_common.contracts.consent import TOPIC as consent_topic
from tukiverkko_common.contracts.plans import TOPIC as plans_topic
from tukiverkko_common.contracts.plans import new_worker_id

NAME = "Iines Ankkalainen"
NAME_MARK = "ankkalainen"


def _context_body(op: WriteOperation, ids: dict[str, str]) -> dict[str, Any]:
    """The operation's example with this test's ids in place of the example's ids."""
    body = dict(op.example)
    for key, value in {
        "organisation_id": ids["provider_id"],
        "recipient": ids["provider_id"],
        "recipients": [ids["provider_id"]],
        "subject_id": ids["client_id"],
        "goal_ids": [],
    }.items():
        if key in body:
            body[key] = value
    if isinstance(body.get("provider"), dict):
        body["provider"] = {**body["provider"], "organisation_id": ids["provider_id"]}
    return body


async def _context(platform: Platform, region: OrgClient, provider: OrgClient) -> dict[str, str]:
    client = await platform.client(region)
    plan = await platform.plan(region, client["id"])
    plan_path = f"/api/v1/plans/{plan['id']}"
    goal = {"description": "Oma koti", "life_area": "housing", "expressed_by": "client"}
    goal = await platform.ok(region, "POST", f"{plan_path}/goals", 201, json=goal)
    service = await platform.service(region, plan["id"], provider.id)
    visit = {
        "occurred_at": "2025-03-14T10:00:00+02:00",
        "minutes": 60,
        "worker_id": new_worker_id(),
        "method": "home_visit",
    }
    visit = await platform.ok(region, "POST", f"{plan_path}/visits", 201, json=visit)
    unpaid = {"kind": "rent_payment", "observed_on": "2025-03-05", "rent_status": "unpaid"}
    observed = await platform.ok(region, "POST", f"{plan_path}/observations", 201, json=unpaid)
    referral = await platform.referral(region, plan["id"], provider.id)
    consent = await platform.grant(region, client["id"], provider.id, ["plan"])
    return {
        "client_id": client["id"],
        "plan_id": plan["id"],
        "goal_id": goal["id"],
        "service_id": service["id"],
        "visit_id": visit["id"],
        "task_id": observed["task"]["id"],
        "referral_id": referral["id"],
        "consent_id": consent["id"],
        "provider_id": provider.id,
    }


async def _walk(
    platform: Platform, callers: dict[str, OrgClient], ids: dict[str, str]
) -> dict[tuple[str, str], int]:
    """Send every write with each string field set to each marker; return status per (op, field)."""
    hetu = ids["hetu"]
    statuses: dict[tuple[str, str], int] = {}
    operations = [
        *write_operations(platform.plans.app.openapi()),
        *write_operations(platform.consent.app.openapi()),
    ]
    for op in operations:
        path = op.path.format(**ids, month="2025-03", kind="client")  # kind: ownership batch
        caller = callers["provider" if path.endswith("/answer") else "region"]
        base = _context_body(op, ids)
        for field_path in op.string_fields:
            for marker in (NAME, hetu):
                body = with_value(base, field_path, marker)
                response = await platform.gateway.call(caller, op.method, path, json=body)
                assert response.status_code < 500, f"{op.method} {path}: {response.text}"
                name = ".".join(str(step) for step in field_path)
                statuses[(f"{op.method} {op.path}", name)] = min(
                    statuses.get((f"{op.method} {op.path}", name), 999), response.status_code
                )
    return statuses


async def _outboxes_drained(platform: Platform) -> bool:
    for runtime in (
        platform.plans.app.state.runtime,
        platform.consent.app.state.runtime,
        platform.gateway.state.runtime,
    ):
        outbox = runtime.spec.tables.outbox
        async with runtime.sessions() as session:
            waiting = await session.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
            )
        if waiting:
            return False
    return True


async def _collect_sse(platform: Platform, dashboard: OrgClient, into: list[str]) -> None:
    """Keep the dashboard's stream open (resuming after a dropped connection) and keep every line."""
    last_id: str | None = None
    while True:
        headers = await dashboard.headers()
        if last_id is not None:
            headers["Last-Event-ID"] = last_id
        with contextlib.suppress(httpx.HTTPError):
            async with platform.gateway.http.stream(
                "GET", "/api/v1/events/stream", headers=headers, timeout=None
            ) as stream:
                async for line in stream.aiter_lines():
                    into.append(line)
                    if line.startswith("id:"):
                        last_id = line.removeprefix("id:").strip()
        await asyncio.sleep(0.1)


def _behind(records: list[Record], lines: list[str], client_id: str, subject: str) -> str:
    ours = [r for r in records if r.key == client_id and r.topic in (plans_topic, consent_topic)]
    published = Counter({r.event_id: r.event_type for r in ours}.values())
    streamed = Counter(
        json.loads(line.removeprefix("data:"))["type"]
        for line in lines
        if line.startswith("data:") and subject in line
    )
    return f"the stream lacks {published - streamed}"


def _found(text: str, hetu: str) -> list[str]:
    lowered = text.lower()
    return [m for m in (NAME_MARK, hetu.lower(), re.sub(r"\D", "", hetu)) if m in lowered]


async def test_names_and_identity_codes_in_any_field_reach_no_topic_stream_or_log(
    platform: Platform, bootstrap_servers: str
):
    region = await platform.gateway.register("Yksityisyysalue", "wellbeing_region")
    provider = await platform.gateway.register("Yksityisyystuottaja Oy", "service_provider")
    dashboard = await platform.gateway.register(
        "Yksityisyysnäyttö", "dashboard", scopes=["stream:plans", "stream:consent"]
    )
    catcher = LogCatcher()
    loggers = catcher.install()
    root_level = logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)
    sse_lines: list[str] = []
    reader = asyncio.create_task(_collect_sse(platform, dashboard, sse_lines))
    try:
        ids = await _context(platform, region, provider)
        ids["hetu"] = synthetic_hetu()
        statuses = await _walk(platform, {"region": region, "provider": provider}, ids)
        await wait_until(lambda: _outboxes_drained(platform), timeout=120)
        records = await every_record(bootstrap_servers)
        # The relay may publish an event twice; the gateway records it once.
        expected = len(
            {
                r.event_id
                for r in records
                if r.topic in (plans_topic, consent_topic) and r.key == ids["client_id"]
            }
        )
        subject = platform.gateway.state.pseudonyms.subject(ids["client_id"])

        async def stream_caught_up() -> bool:
            return (
                sum(subject in line for line in sse_lines if line.startswith("data:")) >= expected
            )

        try:
            await wait_until(stream_caught_up, timeout=120)
        except AssertionError:
            raise AssertionError(_behind(records, sse_lines, ids["client_id"], subject)) from None
    finally:
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader
        logging.getLogger().setLevel(root_level)
        for logger in loggers:
            logger.removeHandler(catcher)
    hetu = ids["hetu"]
    leaked_topics = {r.topic for r in records if _found(r.text, hetu)}
    assert not leaked_topics, f"a name or identity code reached the topics {leaked_topics}"
    assert not _found("\n".join(sse_lines), hetu), "a name or identity code reached the SSE stream"
    leaked_logs = [line[:300] for line in catcher.lines if _found(line, hetu)]
    assert not leaked_logs, f"a name or identity code reached the logs: {leaked_logs[:3]}"
    _assert_codes_refused_and_free_text_kept(statuses)


def _assert_codes_refused_and_free_text_kept(statuses: dict[tuple[str, str], int]) -> None:
    code_fields = [
        ("POST /api/v1/plans/{plan_id}/visits", "worker_id"),
        ("POST /api/v1/clients/{client_id}/plans", "responsible_worker_id"),
        ("POST /api/v1/clients/{client_id}/plans", "area_coordinator_id"),
        ("PATCH /api/v1/plans/{plan_id}", "area_coordinator_id"),
        ("POST /api/v1/plans/{plan_id}/observations", "assigned_to"),
        ("POST /api/v1/clients", "district"),
        ("PATCH /api/v1/clients/{client_id}", "district"),
    ]
    for key in code_fields:
        assert statuses[key] == 422, f"{key} took a name or an identity code: {statuses[key]}"
    # The walk really reached the services: free text fields stored the markers.
    free_text = [
        ("POST /api/v1/plans/{plan_id}/visits", "note"),
        ("POST /api/v1/plans/{plan_id}/goals", "description"),
        ("POST /api/v1/goals/{goal_id}/progress", "note"),
    ]
    for key in free_text:
        assert statuses[key] in (200, 201), f"{key} was not accepted: {statuses[key]}"
