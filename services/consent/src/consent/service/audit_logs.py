"""Access and disclosure logs: append-only, hash-chained per client, verifiable, reportable."""

import calendar
import hashlib
import json
from collections import Counter
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from consent.models import AUDIT_LOGS, GENESIS_HASH, AccessLogEntry, AuditEntry, DisclosureLogEntry
from consent.repository import audit_logs as repository
from consent.schemas.audit_logs import (
    AccessEntryRead,
    AccessReport,
    BrokenEntry,
    DisclosureEntryRead,
    OrganisationSummary,
    VerifyRead,
)
from tukiverkko_common.clock import HELSINKI, as_utc, utcnow
from tukiverkko_common.contracts.audit import AccessLogged, DataDisclosed

HASHED_FIELDS = (
    "id",
    "event_id",
    "client_id",
    "position",
    "occurred_at",
    "recorded_at",
    "user_id",
    "organisation_id",
    "data_category",
    "action",
    "purpose",
    "legal_basis",
    "request_id",
)
DISCLOSURE_FIELDS = ("recipient_organisation_id", "consent_ids")
VERIFY_PAGE = 1000


def _plain(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return as_utc(value).isoformat(timespec="microseconds")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def canonical(log: str, entry: AuditEntry) -> bytes:
    """Return the canonical JSON of an entry: sorted keys, no spaces, UTC times, the log's name."""
    names = HASHED_FIELDS + (DISCLOSURE_FIELDS if log == "disclosure" else ())
    content = {name: _plain(getattr(entry, name)) for name in names} | {"log": log}
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(log: str, entry: AuditEntry, prev_hash: str) -> str:
    """Return SHA-256 over the entry's canonical JSON followed by the previous entry's hash."""
    return hashlib.sha256(canonical(log, entry) + prev_hash.encode()).hexdigest()


async def append_entry(
    *, session: AsyncSession, log: str, payload: AccessLogged | DataDisclosed, event_id: str
) -> bool:
    """Append an audit event to its log as the client's next link; False when that event is already there."""
    model = AUDIT_LOGS[log]
    if await repository.has_event(session, model, event_id):
        return False
    last = await repository.last_link(session, model, payload.client_id)
    fields = payload.model_dump(include=set(HASHED_FIELDS) | set(DISCLOSURE_FIELDS))
    fields["occurred_at"] = as_utc(payload.occurred_at)
    if isinstance(payload, DataDisclosed):  # the disclosure log
        fields["consent_ids"] = [str(c) for c in payload.consent_ids]
    entry = model(
        **fields,
        event_id=event_id,
        recorded_at=utcnow(),
        position=last.position + 1 if last else 1,
        prev_hash=last.entry_hash if last else GENESIS_HASH,
        entry_hash="",
    )
    entry.entry_hash = chain_hash(log, entry, entry.prev_hash)
    session.add(entry)
    await session.flush()
    return True


async def verify_chain(*, session: AsyncSession, client_id: UUID) -> VerifyRead:
    """Recompute both of a client's chains; report the first entry where one breaks."""
    checked = 0
    for log, model in AUDIT_LOGS.items():
        prev_hash, position = GENESIS_HASH, 0
        while entries := await repository.chain_page(
            session, model, client_id, after=position, limit=VERIFY_PAGE
        ):
            for entry in entries:
                checked += 1
                if problem := _link_problem(log, entry, prev_hash, position + 1):
                    broken = BrokenEntry(
                        log=log, entry_id=entry.id, position=entry.position, problem=problem
                    )
                    return VerifyRead(
                        client_id=client_id,
                        ok=False,
                        entries_checked=checked,
                        first_broken_entry=broken,
                    )
                prev_hash, position = entry.entry_hash, entry.position
    return VerifyRead(
        client_id=client_id, ok=True, entries_checked=checked, first_broken_entry=None
    )


def _link_problem(
    log: str, entry: AuditEntry, prev_hash: str, expected_position: int
) -> str | None:
    if entry.position != expected_position:
        return f"position {entry.position} where {expected_position} was expected (an entry is missing)"
    if entry.prev_hash != prev_hash:
        return (
            "prev_hash does not match the previous entry (an earlier entry was changed or removed)"
        )
    if chain_hash(log, entry, entry.prev_hash) != entry.entry_hash:
        return "content does not match entry_hash (this entry was changed)"
    return None


def months_before(now: datetime, months: int) -> datetime:
    """Return the instant `months` calendar months before `now`, counted in Helsinki time."""
    local = as_utc(now).astimezone(HELSINKI)
    index = local.year * 12 + local.month - 1 - months
    year, month = divmod(index, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    return as_utc(local.replace(year=year, month=month + 1, day=day))


async def access_report(
    *,
    session: AsyncSession,
    subject_id: UUID,
    since: datetime | None,
    months: int,
    max_entries: int,
) -> AccessReport:
    """Return who used and who received the subject's data since `since` (at most `months` back)."""
    now = utcnow()
    floor = months_before(now, months)
    start = max(as_utc(since), floor) if since else floor
    accesses = await repository.entries_since(
        session, AccessLogEntry, subject_id, start, max_entries + 1
    )
    disclosures = await repository.entries_since(
        session, DisclosureLogEntry, subject_id, start, max_entries + 1
    )
    truncated = len(accesses) > max_entries or len(disclosures) > max_entries
    accesses, disclosures = accesses[:max_entries], disclosures[:max_entries]
    return AccessReport(
        subject_id=subject_id,
        since=start,
        until=now,
        truncated=truncated,
        accesses=[AccessEntryRead(entry_id=e.id, **e.model_dump()) for e in accesses],
        disclosures=[DisclosureEntryRead(entry_id=e.id, **e.model_dump()) for e in disclosures],
        organisations=_summary(accesses, disclosures),
    )


def _summary(
    accesses: list[AccessLogEntry], disclosures: list[DisclosureLogEntry]
) -> list[OrganisationSummary]:
    used = Counter(e.organisation_id for e in accesses)
    made = Counter(e.organisation_id for e in disclosures)
    received = Counter(e.recipient_organisation_id for e in disclosures)
    orgs = sorted(set(used) | set(made) | set(received), key=str)
    return [
        OrganisationSummary(
            organisation_id=o,
            accesses=used[o],
            disclosures_made=made[o],
            disclosures_received=received[o],
        )
        for o in orgs
    ]
