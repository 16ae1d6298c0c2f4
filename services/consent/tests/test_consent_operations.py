"""How the service runs: its migrations, its standalone worker process, and what it logs."""

import asyncio
import logging
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from consent.models import metadata
from tukiverkko_common.contracts.consent import TOPIC

EXPIRED = "fi.tukiverkko.consent.expired.v1"
GRANTED = "fi.tukiverkko.consent.granted.v1"


async def test_consent_migrations_build_exactly_the_models_schema(fresh_consent):
    async with fresh_consent.runtime.engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
        )
    assert diff == []


async def test_consent_logs_carry_no_personal_data_or_free_text(consent, caplog):
    caplog.set_level(logging.DEBUG)
    subject = await consent.subject("resource_file_citizen")
    reason = "Asiakas kertoi terveydentilastaan ja peruutti"
    record = await consent.grant(
        subject,
        given_by={
            "role": "legal_representative",
            "representation_basis": "guardianship_order",
            "representation_reference": "käräjäoikeus 123/2024",
            "representative_id": "edunvalvoja-42",
        },
        valid_until=(datetime.now(UTC) + timedelta(seconds=1)).isoformat(),
    )
    expiring = await consent.grant(
        subject, valid_until=(datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    )
    await consent.http.post(f"/api/v1/consents/{record['id']}/withdraw", json={"reason": reason})
    await consent.http.post("/api/v1/consents", json={"subject_id": subject, "purpose": "nope"})
    # The sweeper and the relay have logged their part once the consent expired and was sent.
    await consent.eventually(lambda: _expired_and_relayed(consent, expiring["id"]))
    service_logs = [r for r in caplog.records if not r.name.startswith("httpx")]
    secrets = (subject, record["id"], expiring["id"], reason, "käräjäoikeus", "edunvalvoja-42")
    for secret in secrets:
        leaks = [
            f"{r.name}: {r.getMessage()[:200]}"
            for r in service_logs
            if secret in f"{r.getMessage()} {r.__dict__}"
        ]
        assert not leaks, leaks


async def test_consent_worker_process_publishes_and_expires_on_its_own(
    database_url, bootstrap_servers, broker_io, start_consent
):
    async with start_consent(
        database_url, run_workers=False
    ) as api:  # migrates; publishes nothing itself
        settings = api.settings
        worker = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "from consent.worker import main; main()",
            env=os.environ
            | {
                "CONSENT_DATABASE_URL": database_url,
                "KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers,
                "CONSENT_SERVICE_NAME": settings.service_name,
                "CONSENT_EXPIRY_SWEEP_SECONDS": "0.2",
                "CONSENT_OUTBOX_POLL_SECONDS": "0.2",
                "CONSENT_LOG_JSON": "false",
            },
        )
        try:
            subject = await api.subject()
            until = datetime.now(UTC) + timedelta(seconds=1)
            record = await api.grant(subject, valid_until=until.isoformat())
            events = await broker_io.events(
                TOPIC,
                subject,
                until=lambda evs: [e["type"] for e in evs] == [GRANTED, EXPIRED],
                timeout=40,
            )
            assert events[1]["data"]["consent_id"] == record["id"]
            assert (await api.get(f"/api/v1/consents/{record['id']}"))["status"] == "expired"
        finally:
            worker.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(worker.wait(), timeout=30)
    assert code == 0, "the worker stops cleanly on SIGTERM"


async def _expired_and_relayed(consent: Any, consent_id: str) -> bool:
    if (await consent.get(f"/api/v1/consents/{consent_id}"))["status"] != "expired":
        return False
    outbox = consent.runtime.spec.tables.outbox
    async with consent.runtime.sessions() as session:
        unsent = await session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        )
    return unsent == 0
