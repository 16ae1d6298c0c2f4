"""Access and disclosure logs fed by the gateway's audit events: chained, verifiable, reportable."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from consent.models import AccessLogEntry, DisclosureLogEntry
from tukiverkko_common.contracts.audit import AccessLogged, DataDisclosed
from tukiverkko_common.ids import new_id

REGION = UUID("01900000-0000-7000-8000-00000000d001")
PROVIDER = UUID("01900000-0000-7000-8000-00000000d002")
ACCESS, DISCLOSURE = AccessLogEntry.__table__, DisclosureLogEntry.__table__


def access(
    client_id: UUID, *, when: datetime | None = None, category: str = "plan"
) -> AccessLogged:
    return AccessLogged(
        occurred_at=when or datetime.now(UTC),
        client_id=client_id,
        user_id="pseudo-7",
        organisation_id=REGION,
        data_category=category,
        action="read",
        purpose="client_work",
        legal_basis="fi:act-703/2023:client-data-processing",
        request_id=f"req-{new_id().hex[-12:]}",
    )


def disclosure(client_id: UUID, consent_id: UUID) -> DataDisclosed:
    return DataDisclosed(
        occurred_at=datetime.now(UTC),
        client_id=client_id,
        user_id="pseudo-9",
        organisation_id=REGION,
        recipient_organisation_id=PROVIDER,
        consent_ids=[consent_id],
        data_category="plan",
        action="read",
        purpose="plan_sharing_with_provider",
        legal_basis="consent",
        request_id=f"req-{new_id().hex[-12:]}",
    )


async def fill_logs(
    service, broker_io, client_id: UUID, *, accesses: int, disclosures: int
) -> list:
    """Publish audit events as the gateway does and wait until the service has logged them all."""
    sent = [await broker_io.publish(access(client_id), key=str(client_id)) for _ in range(accesses)]
    consent_id = new_id()
    sent += [
        await broker_io.publish(disclosure(client_id, consent_id), key=str(client_id))
        for _ in range(disclosures)
    ]

    async def logged():
        return (
            await service.count(ACCESS, client_id=client_id) == accesses
            and await service.count(DISCLOSURE, client_id=client_id) == disclosures
        )

    await service.eventually(logged, timeout=30)
    return sent


async def test_consent_audit_logs_chain_and_verify(consent, broker_io):
    client_id = new_id()
    await fill_logs(consent, broker_io, client_id, accesses=3, disclosures=2)
    result = await consent.get(f"/api/v1/audit/verify?client_id={client_id}")
    assert result == {
        "client_id": str(client_id),
        "ok": True,
        "entries_checked": 5,
        "first_broken_entry": None,
    }
    async with consent.runtime.sessions() as session:
        rows = (
            await session.execute(
                ACCESS.select().where(ACCESS.c.client_id == client_id).order_by(ACCESS.c.position)
            )
        ).all()
    assert [r.position for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == "0" * 64
    assert [r.prev_hash for r in rows[1:]] == [r.entry_hash for r in rows[:-1]]


async def test_consent_duplicate_audit_delivery_adds_no_entry(consent, broker_io):
    client_id = new_id()
    (first,) = await fill_logs(consent, broker_io, client_id, accesses=1, disclosures=0)
    await broker_io.publish(access(client_id), key=str(client_id), envelope=first)  # redelivered
    marker = await broker_io.publish(access(client_id, category="identity"), key=str(client_id))
    await consent.eventually(lambda: _has_request(consent, client_id, marker.data["request_id"]))
    assert await consent.count(ACCESS, client_id=client_id) == 2, (
        "same partition: the duplicate came before the marker"
    )
    assert (await consent.get(f"/api/v1/audit/verify?client_id={client_id}"))["ok"] is True


async def _has_request(service, client_id: UUID, request_id: str) -> bool:
    return await service.count(ACCESS, client_id=client_id, request_id=request_id) == 1


async def test_consent_audit_logs_refuse_changes(consent, broker_io):
    client_id = new_id()
    await fill_logs(consent, broker_io, client_id, accesses=1, disclosures=1)
    for table in (ACCESS, DISCLOSURE):
        for statement in (table.update().values(purpose="edited"), table.delete()):
            with pytest.raises(DBAPIError, match="append-only"):
                async with consent.runtime.uow() as uow:
                    await uow.session.execute(statement.where(table.c.client_id == client_id))
    assert await consent.count(ACCESS, client_id=client_id, purpose="client_work") == 1


async def test_consent_altered_entry_fails_verification_and_is_named(fresh_consent, broker_io):
    service, client_id = fresh_consent, new_id()
    await fill_logs(service, broker_io, client_id, accesses=4, disclosures=0)
    async with service.runtime.sessions() as session:
        victim = (
            await session.execute(
                ACCESS.select().where(ACCESS.c.client_id == client_id, ACCESS.c.position == 3)
            )
        ).one()
    await _tamper(service, "UPDATE access_log SET purpose = 'statistics' WHERE id = :id", victim.id)
    result = await service.get(f"/api/v1/audit/verify?client_id={client_id}")
    assert result["ok"] is False and result["entries_checked"] == 3
    assert result["first_broken_entry"] | {"problem": None} == {
        "log": "access",
        "entry_id": str(victim.id),
        "position": 3,
        "problem": None,
    }
    assert "changed" in result["first_broken_entry"]["problem"]


async def _tamper(service, statement: str, entry_id: UUID) -> None:
    """Do what someone with database admin rights could: get past the triggers and edit a row."""
    engine = service.runtime.engine
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(
                text("ALTER TABLE access_log DISABLE TRIGGER access_log_append_only")
            )
        else:
            await conn.execute(text("DROP TRIGGER access_log_no_update"))
        bound = entry_id if engine.dialect.name == "postgresql" else entry_id.hex
        await conn.execute(text(statement), {"id": bound})


async def test_consent_access_report_answers_who_used_and_received_and_why(consent, broker_io):
    client_id = new_id()
    await consent.http.post(
        "/api/v1/subjects", json={"subject_id": str(client_id), "kind": "resource_file_citizen"}
    )
    await fill_logs(consent, broker_io, client_id, accesses=2, disclosures=1)
    old = await broker_io.publish(
        access(client_id, when=datetime.now(UTC) - timedelta(days=760)), key=str(client_id)
    )
    await consent.eventually(lambda: _has_request(consent, client_id, old.data["request_id"]))
    report = await consent.get(f"/api/v1/subjects/{client_id}/access-report")
    assert len(report["accesses"]) == 2, "the entry older than 24 months stays out of the report"
    assert {a["organisation_id"] for a in report["accesses"]} == {str(REGION)}
    assert report["accesses"][0]["legal_basis"] == "fi:act-703/2023:client-data-processing"
    (given,) = report["disclosures"]
    assert given["recipient_organisation_id"] == str(PROVIDER)
    assert given["purpose"] == "plan_sharing_with_provider" and given["legal_basis"] == "consent"
    assert len(given["consent_ids"]) == 1
    assert {
        o["organisation_id"]: (o["accesses"], o["disclosures_made"], o["disclosures_received"])
        for o in report["organisations"]
    } == {str(REGION): (2, 1, 0), str(PROVIDER): (0, 0, 1)}
    since = datetime.fromisoformat(report["since"])
    assert timedelta(days=729) < datetime.now(UTC) - since < timedelta(days=733)
    asked_more = await consent.get(
        f"/api/v1/subjects/{client_id}/access-report?since=2000-01-01T00:00:00Z"
    )
    assert asked_more["since"] >= report["since"] and len(asked_more["accesses"]) == 2, (
        "at most 24 months back"
    )
    recent = datetime.now(UTC).isoformat()
    assert (
        await consent.http.get(
            f"/api/v1/subjects/{client_id}/access-report", params={"since": recent}
        )
    ).json()["accesses"] == []
    assert (await consent.http.get(f"/api/v1/subjects/{new_id()}/access-report")).status_code == 404
