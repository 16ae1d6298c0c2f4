"""The JSON of a plan read, written by the database: one statement, one text value, no Python objects.

Every object is built field by field from its API model (`PlanRead`, `GoalRead`,
`ServiceRead`, `PhaseRead`, `ReferralRead`), so its keys and their order are the model's,
and every value is written as the model serialises it: ids with dashes (SQLite keeps them
as 32 hex digits), instants in UTC with a `Z` and no fraction when it is zero, days as
`YYYY-MM-DD`, a float with the digits that read back as the same number. The service's
month figures (`hours_per_month`, `monthly_minutes`, `month`) follow `plans.amounts` and
`views.conversion_month` step by step in floating point, rounding half to even as Python's
`round` does, so they are the same numbers (tests compare this answer with the model's).

Constants are written into the SQL (they come from this code, never from a request): the
statement binds only the plan id (also as its dashed text) and today's date.

On SQLite every id is dashed by the statement (five substrings joined, ~2 µs each; a plan
read writes ~45 ids), so the ids it already knows are not: the plan's own id and every
embedded row's `plan_id` are the bound id's text (the rows are found by that id). A list is
joined as text and parsed once, where each row's object and then the list were parsed again.
Together these took ~60 µs of the statement's ~320 µs (6 goals, 3 services, 2 referrals).
"""

import json
from functools import cache
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    Date,
    Float,
    Integer,
    Numeric,
    Select,
    Table,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    func,
    select,
)
from sqlalchemy import literal_column as raw
from sqlalchemy.dialects.postgresql import JSONB, TIMESTAMP, aggregate_order_by

from plans.amounts import CONVERSION
from plans.models import AgreedService, Goal, Phase, Plan, PlanVersion, Referral
from plans.repository.housing_networks import assignments_at
from plans.schemas.agreed_services import (
    Amount,
    InformalProvider,
    OrganisationProvider,
    ServiceRead,
)
from plans.schemas.goals import GoalRead
from plans.schemas.phases import PhaseRead
from plans.schemas.plans import PlanContent, PlanRead
from plans.schemas.referrals import ReferralRead
from tukiverkko_common.columns import UtcDateTime

PLANS: Table = Plan.__table__  # type: ignore[attr-defined]
VERSIONS: Table = PlanVersion.__table__  # type: ignore[attr-defined]
SERVICES: Table = AgreedService.__table__  # type: ignore[attr-defined]
PLAN_ID = bindparam("plan_id", type_=Uuid())
PLAN_TEXT = bindparam("plan_text", type_=Text())
"""The plan id as the API writes it (`str(plan_id)`), bound beside PLAN_ID for SQLite."""
TODAY = bindparam("today", type_=Date())
UUID_PARTS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
Value = ColumnElement[Any]


def _sql(value: str | float) -> Value:
    """A constant of this module written into the SQL."""
    if isinstance(value, str):
        return raw("'" + value.replace("'", "''") + "'")
    return raw(repr(value))


def _uuid(value: Any, sqlite: bool) -> Value:
    if not sqlite:
        return value
    # SQLite keeps a UUID as its 32 lower-case hex digits (SQLAlchemy's Uuid): dashed here.
    parts: list[Value] = [func.substr(value, _sql(at), _sql(size)) for at, size in UUID_PARTS]
    dashed = parts[0]
    for part in parts[1:]:
        dashed = dashed.concat(_sql("-")).concat(part)
    return dashed


def _instant(value: Any, sqlite: bool) -> Value:
    text: Value
    if sqlite:  # stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC (see UtcDateTime)
        text = func.replace(value, _sql(" "), _sql("T")).concat(_sql("Z"))
    else:
        utc = value.op("AT TIME ZONE")(_sql("UTC"))
        text = func.to_char(utc, _sql('YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    return func.replace(text, _sql(".000000Z"), _sql("Z"))  # pydantic leaves out a zero fraction


def _float(value: Any, sqlite: bool) -> Value:
    if not sqlite:
        return value
    # SQLite's JSON writes 15 significant digits; a float that needs more gets 17, which
    # read back as the same number.
    short = func.printf(_sql("%!.15g"), value)
    exact = case((cast(short, Float) == value, short), else_=func.printf(_sql("%!.17g"), value))
    return func.json(exact)


def _boolean(condition: Value, sqlite: bool) -> Value:
    if sqlite:  # SQLite has no boolean: 1 and 0 would be numbers in the JSON
        return func.json(case((condition, _sql("true")), else_=_sql("false")))
    return condition


def _column(column: Any, sqlite: bool) -> Value:
    """Return a column as the JSON value its API model writes."""
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return _instant(column, sqlite)
    if isinstance(kind, Uuid):
        return _uuid(column, sqlite)
    if isinstance(kind, JSON):
        return func.json(column) if sqlite else column
    if isinstance(kind, Float):
        return _float(column, sqlite)
    return column


def _object(model: type[BaseModel], values: dict[str, Value], sqlite: bool) -> Value:
    """A JSON object of the model's fields in the model's order."""
    pairs: list[Value] = []
    for name in model.model_fields:
        pairs += [_sql(name), values[name]]
    return func.json_object(*pairs) if sqlite else func.json_build_object(*pairs)


def _columns_of(model: type[BaseModel], table: Any, sqlite: bool, **values: Value) -> Value:
    if sqlite and "plan_id" in model.model_fields:  # rows of this plan only: its bound text
        values.setdefault("plan_id", PLAN_TEXT)
    columns = {n: _column(table.c[n], sqlite) for n in model.model_fields if n not in values}
    return _object(model, columns | values, sqlite)


def _array(item: Value, source: Any, sqlite: bool) -> Value:
    """The plan's rows of `source` as one JSON array, oldest first (empty when none)."""
    if sqlite:
        ordered = select(item.label("o")).where(source.c.plan_id == PLAN_ID).order_by(source.c.id)
        inner = ordered.subquery()
        # The objects joined as text in their order, parsed once: json() gives the list its JSON
        # type back (a subquery's value loses it), or it would be written as a string.
        joined = func.coalesce(func.group_concat(inner.c.o, _sql(",")), _sql(""))
        listed = _sql("[").concat(joined).concat(_sql("]"))
        return func.json(select(listed).scalar_subquery())
    aggregated = func.json_agg(aggregate_order_by(item, source.c.id))
    found = select(func.coalesce(aggregated, raw("'[]'::json"))).where(source.c.plan_id == PLAN_ID)
    return found.scalar_subquery()


def _rows(model: type[BaseModel], table: Table, sqlite: bool) -> Value:
    return _array(_columns_of(model, table, sqlite), table, sqlite)


def _housing(column: str, sqlite: bool = False, dashed: bool = False) -> Value:
    """The client's housing network or its coordinator today, by the one shared definition
    (an id dashed inside the subquery: dashed outside, the subquery ran once per substring)."""
    assigned = assignments_at(TODAY).subquery("assigned")
    value = _uuid(assigned.c[column], sqlite) if dashed else assigned.c[column]
    query = select(value).where(assigned.c.client_id == PLANS.c.client_id)
    return query.limit(raw("1")).scalar_subquery()


def _open_phase(sqlite: bool) -> Value:
    phases: Table = Phase.__table__  # type: ignore[attr-defined]
    item = _columns_of(PhaseRead, phases, sqlite)
    query = select(item).where(phases.c.plan_id == PLAN_ID, phases.c.ended_on.is_(None))
    found = query.limit(raw("1")).scalar_subquery()
    return func.json(found) if sqlite else found


def _service_months(sqlite: bool) -> Any:
    """The plan's services with the month their amount is shown for, as `views.service_read`
    converts it: today (Helsinki) moved into the service's period; minutes as floats."""
    s = SERVICES.c
    if sqlite:
        day: Value
        later = func.max(TODAY, s.valid_from)
        day = func.min(later, func.coalesce(s.valid_until, later))
    else:
        day = func.least(func.greatest(TODAY, s.valid_from), s.valid_until)
    dated = _layer(select(SERVICES, day.label("day")).where(s.plan_id == PLAN_ID), "dated", sqlite)
    if sqlite:
        last = func.strftime(
            _sql("%d"), dated.c.day, _sql("start of month"), _sql("+1 month"), _sql("-1 day")
        )
        days: Value = cast(last, Integer)
        month = func.substr(dated.c.day, _sql(1), _sql(7))
    else:  # on a timestamp without a time zone: no zone rules to apply
        first = func.date_trunc(_sql("month"), cast(dated.c.day, TIMESTAMP))
        days = cast(func.date_part(_sql("day"), first + raw("interval '1 month - 1 day'")), Integer)
        month = func.to_char(dated.c.day, _sql("YYYY-MM"))
    sized = _layer(select(dated, days.label("days"), month.label("month")), "sized", sqlite)
    sixty: Value = raw("60.0" if sqlite else "60::float8")
    seven: Value = raw("7.0" if sqlite else "7::float8")
    hours = sized.c.amount_hours
    per_day = case(
        (sized.c.amount_per == _sql("week"), hours * sixty / seven),
        else_=hours * sixty / sized.c.days,
    )
    minutes = per_day * sized.c.days  # amounts.monthly_minutes before its round()
    whole = cast(minutes, Integer) if sqlite else cast(func.trunc(minutes), BigInteger)
    exact = select(sized, minutes.label("minutes"), whole.label("whole"))
    return _layer(exact, "exact", sqlite)


def _layer(query: Select[Any], name: str, sqlite: bool) -> Any:
    """A step of the services' month figures, computed once per row.

    Both databases would otherwise flatten the steps into one query and repeat each
    expression wherever a later step names it (the minutes five times, each with its
    month's days): a subquery with an OFFSET is not flattened.
    """
    return query.offset(raw("0")).subquery(name)


def _half_even(exact: Any) -> Value:
    """Python's round() of the minutes: a tie goes to the even neighbour."""
    fraction = exact.c.minutes - exact.c.whole
    return case(
        (fraction > _sql(0.5), exact.c.whole + _sql(1)),
        (fraction < _sql(0.5), exact.c.whole),
        else_=exact.c.whole + exact.c.whole % _sql(2),
    )


def _provider(c: Any, sqlite: bool) -> Value:
    organisation = {
        "kind": _sql("organisation"),
        "organisation_id": _uuid(c.provider_organisation_id, sqlite),
        "sector": c.provider_sector,
        "resource_card_id": _uuid(c.provider_resource_card_id, sqlite),
    }
    informal = {
        "kind": _sql("informal"),
        "relation": c.informal_relation,
        "description": c.informal_description,
    }
    provider = case(
        (
            c.provider_kind == _sql("organisation"),
            _object(OrganisationProvider, organisation, sqlite),
        ),
        else_=_object(InformalProvider, informal, sqlite),
    )
    return func.json(provider) if sqlite else provider


def _services(sqlite: bool) -> Value:
    exact = _service_months(sqlite)
    c = exact.c
    minutes = _half_even(exact)
    per_hour: Value
    if sqlite:
        per_hour = func.round(minutes / raw("60.0"), _sql(2))
    else:
        per_hour = cast(func.round(cast(minutes, Numeric) / _sql(60), _sql(2)), Float)
    amount = {"hours": _float(c.amount_hours, sqlite), "per": c.amount_per}
    item = _columns_of(
        ServiceRead,
        exact,
        sqlite,
        provider=_provider(c, sqlite),
        amount=_object(Amount, amount, sqlite),
        hours_per_month=_float(per_hour, sqlite),
        monthly_minutes=minutes,
        month=c.month,
        conversion=_sql(CONVERSION),
    )
    return _array(item, exact, sqlite)


def _current_version(sqlite: bool) -> Any:
    """The plan's versions, their content read once: PostgreSQL parses a json value again
    for every field taken from it, and a jsonb value only once."""
    if sqlite:
        return VERSIONS
    v = VERSIONS.c
    content = cast(v.content, JSONB).label("content")
    columns = select(v.plan_id, v.version, content, v.approved_at, v.approved_by)
    return columns.where(v.plan_id == PLAN_ID).offset(raw("0")).subquery("version")


def _content(version: Any, name: str, sqlite: bool) -> Value:
    """A plan content field as the version stored it (the model's default when it is absent)."""
    field = PlanContent.model_fields[name]
    default = None if field.is_required() else field.get_default(call_default_factory=True)
    fallback = _sql(json.dumps(default))
    content = version.c.content
    if sqlite:
        return func.json(func.coalesce(content.op("->")(_sql(f"$.{name}")), fallback))
    return func.coalesce(content.op("->")(_sql(name)), cast(fallback, JSONB))


def _plan_values(version: Any, sqlite: bool) -> dict[str, Value]:
    p, v = PLANS.c, version.c
    legacy = p.legacy_area_coordinator_id
    values = {name: _content(version, name, sqlite) for name in PlanContent.model_fields}
    return values | {
        # views.coordinators_of's rule: today's network coordinator, else the plan's own.
        "area_coordinator_id": func.coalesce(_housing("worker_id"), legacy),
        "legacy_area_coordinator_id": legacy,
        "housing_network_id": _housing("network_id", sqlite, dashed=True),
        "id": PLAN_TEXT if sqlite else p.id,
        "client_id": _uuid(p.client_id, sqlite),
        "status": p.status,
        "version": p.current_version,
        "approved": _boolean(v.approved_at.is_not(None), sqlite),
        "approved_by": v.approved_by,
        "approved_at": _instant(v.approved_at, sqlite),
        "approved_version": p.approved_version,
        "closed_on": p.closed_on,
        "created_at": _instant(p.created_at, sqlite),
        "modified_at": _instant(p.modified_at, sqlite),
        "current_phase": _open_phase(sqlite),
        "goals": _rows(GoalRead, Goal.__table__, sqlite),  # type: ignore[attr-defined]
        "services": _services(sqlite),
        "referrals": _rows(ReferralRead, Referral.__table__, sqlite),  # type: ignore[attr-defined]
    }


@cache
def plan_json_query(dialect: str) -> Select[Any]:
    """Return the statement whose one value is a plan read's JSON (built once per database kind)."""
    sqlite = dialect == "sqlite"
    version = _current_version(sqlite)
    body = _object(PlanRead, _plan_values(version, sqlite), sqlite)
    if not sqlite:  # PostgreSQL's json would come back parsed by the engine's codec
        body = cast(body, Text)
    p, v = PLANS.c, version.c
    current = and_(v.plan_id == p.id, v.version == p.current_version)
    return select(body.label("body")).join_from(PLANS, version, current).where(p.id == PLAN_ID)
