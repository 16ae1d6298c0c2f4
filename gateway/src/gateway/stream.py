"""Inbound platform events → pseudonymised dashboard records (and webhook deliveries).

A record keeps a keyed HMAC of the client id, the municipality, district and wellbeing
region (codes from the area list; anything else is dropped), the event type, codes and counts. Ids of people, workers' ids, names and free text never enter it:
attributes are kept by rule (known code fields, numbers, booleans) and lists of ids
become counts.
"""

import re
from typing import Any, NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from gateway.models import stream_records, subject_areas
from gateway.pseudonym import Pseudonymiser
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts import consent as consent_contracts
from tukiverkko_common.contracts import housing as housing_contracts
from tukiverkko_common.contracts import network as network_contracts
from tukiverkko_common.contracts import plans as plans_contracts
from tukiverkko_common.contracts import resources as resources_contracts
from tukiverkko_common.events import CloudEvent, registered_contracts
from tukiverkko_common.uow import UnitOfWork

STREAM_OF_TOPIC = {
    plans_contracts.TOPIC: "plans",
    consent_contracts.TOPIC: "consent",
    resources_contracts.TOPIC: "resources",
    network_contracts.TOPIC: "network",
    housing_contracts.TOPIC: "housing",
}
CODE_FIELDS = frozenset(
    {
        "status",
        "from_status",
        "to_status",
        "phase",
        "previous_phase",
        "direction",
        "reason_code",
        "life_area",
        "expressed_by",
        "trend",
        "service_type",
        "method",
        "kind",
        "rent_status",
        "severity",
        "outcome",
        "purpose",
        "subject_kind",
        "given_by_role",
        "change",
        "provider_kind",
        "provider_sector",
        "amount_per",
        "legal_basis",
        "month",
        "region",
        "data_categories",
        "changed_fields",
        "card_type",
        "card_kind",
        "districts",
    }
)
CODE = re.compile(r"^(?:[a-z][a-z0-9_:/.-]{0,59}|\d{4}-\d{2})$")
MUNICIPALITY_CODE = re.compile(r"^\d{3}$")
STREAM_SEQ_LOCK = 0x7475_6B69_7365_7100
"""PostgreSQL advisory lock that orders stream numbers by commit (any constant unique to this use)."""
AREA_EVENTS = {
    "fi.tukiverkko.plans.client_registered.v1",
    "fi.tukiverkko.plans.client_updated.v1",
    "fi.tukiverkko.housing.network_created.v1",
    "fi.tukiverkko.housing.network_changed.v1",
}
"""Events that say where their subject is (a client, a housing network): later records of the
same subject take that area."""


def stream_topics() -> list[str]:
    """Return the topics the gateway consumes for dashboards and webhooks."""
    return sorted(STREAM_OF_TOPIC)


def safe_attributes(data: dict[str, Any]) -> dict[str, Any]:
    """Return only codes, numbers, booleans and counts from an event's data."""
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if (key in CODE_FIELDS and _is_code(value)) or (
            isinstance(value, bool | int | float) and not key.endswith("_id")
        ):
            kept[key] = value
        elif key.endswith("_ids") and isinstance(value, list):
            kept[f"{key.removesuffix('_ids')}_count"] = len(value)
        elif key == "recipients" and isinstance(value, list):
            kept["recipient_count"] = len(value)
    return kept


def _is_code(value: Any) -> bool:
    # A code is lowercase snake/kebab text (or a month): a name or an identity code is not one.
    if isinstance(value, list):
        return all(isinstance(v, str) and CODE.match(v) for v in value)
    return (
        value is None
        or isinstance(value, int)
        or (isinstance(value, str) and bool(CODE.match(value)))
    )


def _subject_of(event: CloudEvent) -> str | None:
    # A housing event is about its network (keyed by it) even when it names a resident.
    if event.data.get("network_id") and event.type.startswith("fi.tukiverkko.housing."):
        return str(event.data["network_id"])
    return event.data.get("client_id") or event.data.get("subject_id") or event.subject


async def record_for_stream(
    uow: UnitOfWork, event: CloudEvent, pseudonyms: Pseudonymiser, topic: str
) -> None:
    """Store the event's pseudonymised record (the inbox row makes a redelivery a no-op)."""
    raw_subject = _subject_of(event)
    if raw_subject is None:
        return
    subject = pseudonyms.subject(raw_subject)
    area = area_of(event.data)
    if event.type in AREA_EVENTS:
        await _remember_area(uow, subject, area)
    elif area.municipality is None:
        row = (
            await uow.session.execute(
                select(subject_areas).where(subject_areas.c.subject == subject)
            )
        ).first()
        if row is not None:
            area = Area(row.municipality, area.district or row.district, row.region)
    await _take_next_seq_in_commit_order(uow)
    await uow.session.execute(
        stream_records.insert().values(
            event_id=event.id,
            event_type=event.type,
            stream=STREAM_OF_TOPIC[topic],
            subject=subject,
            municipality=area.municipality,
            district=area.district,
            region=area.region,
            attributes=safe_attributes(event.data),
            occurred_at=event.time,
            recorded_at=utcnow(),
        )
    )
    if event.type in AREA_EVENTS and area.region is not None:
        await _release_waiting(uow, subject, area)


async def _release_waiting(uow: UnitOfWork, subject: str, area: "Area") -> None:
    """Give the subject's area-less records the area, under new numbers, so dashboards get them.

    The topics are consumed independently: a consent can be recorded before the client's
    registration says where the client lives. Such a record is in no region; a dashboard
    may already have read past its number, so it is stored again as a new record.
    """
    waiting = (
        await uow.session.execute(
            select(stream_records)
            .where(stream_records.c.subject == subject, stream_records.c.region.is_(None))
            .order_by(stream_records.c.seq)
        )
    ).all()
    if not waiting:
        return
    await uow.session.execute(
        delete(stream_records).where(stream_records.c.seq.in_([r.seq for r in waiting]))
    )
    for row in waiting:
        values = {k: v for k, v in row._mapping.items() if k != "seq"}
        values.update(municipality=area.municipality, district=area.district, region=area.region)
        await uow.session.execute(stream_records.insert().values(**values))


class Area(NamedTuple):
    """Where a record belongs: codes from the area list only."""

    municipality: str | None
    district: str | None
    region: str | None


def area_of(data: dict[str, Any]) -> Area:
    """Return the event's area as listed codes; anything else (typed text) is dropped."""
    codes = area_codes()
    municipality = data.get("municipality")
    if not (isinstance(municipality, str) and MUNICIPALITY_CODE.match(municipality)):
        municipality = None
    district = data.get("district")
    if not (isinstance(district, str) and codes.is_district_of(municipality, district)):
        district = None
    region = data.get("region")
    if not (isinstance(region, str) and region in codes.regions):
        region = codes.region_of(municipality)
    return Area(municipality, district, region)


async def _take_next_seq_in_commit_order(uow: UnitOfWork) -> None:
    """Hold the stream's numbering lock until this transaction ends.

    Readers page by `seq > after`. A sequence hands out numbers at insert, not at commit: two
    transactions in flight could make number 11 visible before 10, and a reader past 11 would
    never see 10. Holding a transaction-level lock from taking a number until commit makes
    numbers visible in order (a rolled-back number is a gap that is never filled). SQLite
    already has a single writer.
    """
    if uow.session.get_bind().dialect.name == "postgresql":
        await uow.session.execute(select(func.pg_advisory_xact_lock(STREAM_SEQ_LOCK)))


async def _remember_area(uow: UnitOfWork, subject: str, area: Area) -> None:
    values = {"subject": subject, **area._asdict()}
    dialect = postgresql if uow.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(subject_areas).values(**values)
    statement = statement.on_conflict_do_update(index_elements=["subject"], set_=area._asdict())
    await uow.session.execute(statement)


def contracts_of(topics: list[str]) -> dict[str, str]:
    """Return event type → topic for every registered contract on these topics."""
    return {t: model.topic for t, model in registered_contracts().items() if model.topic in topics}
