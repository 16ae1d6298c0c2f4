"""A plan read in one statement: the plan, its current version, and what it embeds as JSON.

The database builds the embedded rows as JSON (SQLite `json_object`/`json_group_array`,
PostgreSQL `json_build_object`/`json_agg`), and today's housing network and coordinator
come from the shared assignment select, so a read is one round trip and no ORM objects are made. Instants come out as ISO text in UTC with a `Z` on both databases, so
the API's answer is the same as when the rows went through the ORM.
"""

from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    ColumnElement,
    Date,
    Engine,
    Select,
    Table,
    Uuid,
    and_,
    bindparam,
    func,
    select,
    type_coerce,
)
from sqlalchemy import literal_column as raw
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlmodel.ext.asyncio.session import AsyncSession

from plans.models import AgreedService, Goal, Phase, Plan, PlanVersion, Referral
from plans.repository.housing_networks import assignments_at
from plans.repository.plan_read_sqlite import sqlite_reader
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.columns import UtcDateTime
from tukiverkko_common.db import one_statement_read

PLANS: Table = Plan.__table__  # type: ignore[attr-defined]
VERSIONS: Table = PlanVersion.__table__  # type: ignore[attr-defined]
PLAN_ID = bindparam("plan_id", type_=Uuid())
TODAY = bindparam("today", type_=Date())


def _value(column: Any, sqlite: bool) -> ColumnElement[Any]:
    """Return a column as the JSON value the API model reads back unchanged."""
    if isinstance(column.type, UtcDateTime):
        if sqlite:  # stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC (see UtcDateTime)
            return func.replace(column, " ", "T").concat("Z")
        utc = column.op("AT TIME ZONE")(raw("'UTC'"))
        return func.to_char(utc, raw('\'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\''))
    if isinstance(column.type, JSON) and sqlite:
        return func.json(column)  # text holding JSON, embedded as JSON rather than a string
    return column


def _object(table: Table, sqlite: bool) -> ColumnElement[Any]:
    # Column names come from the models, never from a request: safe as literals.
    pairs: list[ColumnElement[Any]] = []
    for column in table.columns:
        pairs += [raw(f"'{column.name}'"), _value(column, sqlite)]
    return func.json_object(*pairs) if sqlite else func.json_build_object(*pairs)


def _rows(table: Table, sqlite: bool) -> ColumnElement[Any]:
    """A plan's rows of `table`, oldest first, as one JSON array (empty when none)."""
    obj = _object(table, sqlite)
    if sqlite:
        inner = (
            select(obj.label("o")).where(table.c.plan_id == PLAN_ID).order_by(table.c.id).subquery()
        )
        array = select(func.json_group_array(func.json(inner.c.o)))
    else:
        array = select(
            func.coalesce(func.json_agg(aggregate_order_by(obj, table.c.id)), raw("'[]'::json"))
        ).where(table.c.plan_id == PLAN_ID)
    return type_coerce(array.scalar_subquery(), JSON)


def _open_phase(sqlite: bool) -> ColumnElement[Any]:
    phases: Table = Phase.__table__  # type: ignore[attr-defined]
    obj = _object(phases, sqlite)
    query = select(func.json(obj) if sqlite else obj).where(
        phases.c.plan_id == PLAN_ID, phases.c.ended_on.is_(None)
    )
    return type_coerce(query.limit(1).scalar_subquery(), JSON)


def _housing(column: str) -> ColumnElement[Any]:
    """The client's housing network or its coordinator today, by the one shared definition."""
    assigned = assignments_at(TODAY).subquery("assigned")
    query = select(assigned.c[column]).where(assigned.c.client_id == PLANS.c.client_id)
    return query.limit(1).scalar_subquery()


@cache
def plan_read_query(dialect: str) -> Select[Any]:
    """Return the one statement of a plan read (built once per database kind)."""
    sqlite = dialect == "sqlite"
    current = and_(VERSIONS.c.plan_id == PLANS.c.id, VERSIONS.c.version == PLANS.c.current_version)
    return (
        select(
            PLANS,
            VERSIONS.c.content,
            VERSIONS.c.approved_at.label("version_approved_at"),
            VERSIONS.c.approved_by,
            _open_phase(sqlite).label("current_phase"),
            _housing("network_id").label("housing_network_id"),
            _housing("worker_id").label("housing_worker_id"),
            _rows(Goal.__table__, sqlite).label("goals"),  # type: ignore[attr-defined]
            _rows(AgreedService.__table__, sqlite).label("services"),  # type: ignore[attr-defined]
            _rows(Referral.__table__, sqlite).label("referrals"),  # type: ignore[attr-defined]
        )
        .join_from(PLANS, VERSIONS, current)
        .where(PLANS.c.id == PLAN_ID)
    )


async def plan_row(session: AsyncSession, plan_id: UUID) -> Any | None:
    """Return the plan with its current version, embedded rows and today's housing network and
    coordinator, or None when there is none."""
    params = {"plan_id": plan_id, "today": helsinki_date(utcnow())}
    bind = session.get_bind()
    # A session bound to one connection (its transaction) reads through it; an engine's, in the loop.
    reader = sqlite_reader(bind) if isinstance(bind, Engine) else None
    if reader is not None:  # a SQLite file: in the loop, no thread (see plan_read_sqlite)
        with reader.connect() as sync:
            return sync.execute(plan_read_query("sqlite"), params).first()
    dialect = bind.dialect.name
    # The read is this one statement: no BEGIN before it, no ROLLBACK after (a round trip each).
    connection = await session.connection(execution_options=one_statement_read(dialect))
    return (await connection.execute(plan_read_query(dialect), params)).first()
