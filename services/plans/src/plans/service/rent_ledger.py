"""Rent-ledger import (vuokrareskontra, seed 003: the light phase follows rent from the ledger).

Every row is checked first (format, the apartment's client in the region, an open plan, no
client-month twice); one bad row refuses the whole file with every problem named by row and
field, and nothing is written. Then each row not imported before is recorded; unpaid rent
opens a rent-payment observation and its follow-up task, due by the client's phase. A client's
month is imported once (a unique row guards it), so a second import of the same file changes
nothing.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from plans.config import PlansSettings
from plans.models import Client, Plan, RentLedgerEntry
from plans.repository import rent_ledger as repo
from plans.schemas.rent_ledger import (
    CSV_COLUMNS,
    LedgerImport,
    LedgerImported,
    LedgerItem,
    LedgerRow,
)
from plans.service.housing import add_observation, follow_up_due, open_task
from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.problems import Problem, conflict
from tukiverkko_common.uow import UnitOfWork


@dataclass
class Resolved:
    """A checked row with its client and open plan."""

    index: int
    row: LedgerRow
    client: Client
    plan: Plan


def _dialect(text: str) -> tuple[str, bool]:
    """Return the delimiter and whether amounts use a decimal comma.

    A spreadsheet saved as CSV in a Finnish locale separates with semicolons and writes
    540,50; other exports use commas and 540.50.
    """
    header = text.split("\n", 1)[0]
    semicolons = ";" in header and "," not in header
    return (";", True) if semicolons else (",", False)


def _amount(text: str, decimal_comma: bool) -> float | str:
    """Return a CSV amount as a number, or the text (refused by validation, naming the field)."""
    try:
        return float(text.replace(",", ".") if decimal_comma else text)
    except ValueError:
        return text


def _csv_rows(text: str, errors: list[dict[str, str]]) -> list[LedgerRow | None]:
    text = text.removeprefix("\ufeff")  # a byte-order mark some spreadsheets write
    delimiter, decimal_comma = _dialect(text)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        return _read_rows(reader, decimal_comma, errors)
    except csv.Error as exc:  # e.g. a field longer than any ledger line: not a ledger file
        errors.append({"field": "csv", "message": f"is not a readable CSV file ({exc})"})
        return []


def _read_rows(
    reader: "csv.DictReader[str]", decimal_comma: bool, errors: list[dict[str, str]]
) -> list[LedgerRow | None]:
    unknown = set(reader.fieldnames or []) - set(CSV_COLUMNS)
    if unknown or not reader.fieldnames:
        errors.append({"field": "csv", "message": f"header must use columns {list(CSV_COLUMNS)}"})
        return []
    rows: list[LedgerRow | None] = []
    for i, raw in enumerate(reader):
        values = {k: v.strip() for k, v in raw.items() if k and v is not None and v.strip()}
        values |= {k: _amount(values[k], decimal_comma) for k in ("due", "paid") if k in values}
        try:
            rows.append(LedgerRow.model_validate(values))
        except ValidationError as exc:
            rows.append(None)
            for e in exc.errors():
                where = ".".join(str(p) for p in e["loc"]) or "row"
                errors.append({"field": f"rows.{i}.{where}", "message": e["msg"]})
    return rows


async def _resolve(
    uow: UnitOfWork, data: LedgerImport, rows: list[LedgerRow | None], errors: list[dict[str, str]]
) -> list[Resolved]:
    found, seen = [], set()
    for i, row in enumerate(rows):
        if row is None:
            continue
        field = "client_id" if row.client_id else "apartment"
        clients = await repo.clients_for(uow.session, data.region, row.apartment, row.client_id)
        if len(clients) != 1:
            why = "names no client in the region" if not clients else "names several clients"
            errors.append({"field": f"rows.{i}.{field}", "message": why})
            continue
        plan = await repo.open_plan(uow.session, clients[0].id)
        if plan is None:
            errors.append({"field": f"rows.{i}.{field}", "message": "the client has no open plan"})
        elif (clients[0].id, row.month) in seen:
            errors.append({"field": f"rows.{i}.month", "message": "the client's month twice"})
        else:
            seen.add((clients[0].id, row.month))
            found.append(Resolved(i, row, clients[0], plan))
    return found


async def import_ledger(
    *, uow: UnitOfWork, settings: PlansSettings, data: LedgerImport
) -> LedgerImported:
    """Check every row, then record the new ones and open a rent task for each unpaid one."""
    errors: list[dict[str, str]] = []
    rows: list[LedgerRow | None] = (
        list(data.rows) if data.rows is not None else _csv_rows(data.csv or "", errors)
    )
    resolved = await _resolve(uow, data, rows, errors)
    if errors:
        detail = f"{len(errors)} problem(s) in the rent ledger; nothing was imported"
        raise Problem(422, "validation-error", "Invalid input", detail, errors=errors)
    known = await repo.imported(uow.session, [(r.client.id, r.row.month) for r in resolved])
    items = [await _record(uow, settings, r, known) for r in resolved]
    try:
        await uow.commit()
    except IntegrityError:  # a concurrent import of the same rows won the unique index
        raise conflict("ledger-import-conflict", "the same rows are being imported") from None
    return LedgerImported(
        rows=len(items),
        tasks_opened=sum(i.outcome == "task_opened" for i in items),
        paid=sum(i.outcome == "paid" for i in items),
        already_imported=sum(i.outcome == "already_imported" for i in items),
        items=items,
    )


async def _record(
    uow: UnitOfWork, settings: PlansSettings, r: Resolved, known: set[tuple[Any, str]]
) -> LedgerItem:
    item = {"row": r.index, "client_id": r.client.id, "month": r.row.month}
    if (r.client.id, r.row.month) in known:
        return LedgerItem(**item, outcome="already_imported", task_id=None)
    entry = RentLedgerEntry(
        client_id=r.client.id,
        plan_id=r.plan.id,
        month=r.row.month,
        due_eur=r.row.due,
        paid_eur=r.row.paid,
    )
    if r.row.paid >= r.row.due:
        uow.session.add(entry)
        return LedgerItem(**item, outcome="paid", task_id=None)
    today = helsinki_date(utcnow())
    due, phase = await follow_up_due(uow.session, settings, r.plan, "rent_payment", today)
    observation = add_observation(
        uow,
        r.plan,
        {
            "kind": "rent_payment",
            "observed_on": today,
            "rent_status": "partially_paid" if r.row.paid else "unpaid",
            "amount_overdue_eur": round(r.row.due - r.row.paid, 2),
        },
    )
    task = open_task(uow, r.plan, observation, due, None, phase)
    # Tables without ORM relationships are not ordered by their keys: write what the entry
    # refers to first.
    await uow.session.flush()
    entry.observation_id, entry.task_id = observation.id, task.id
    uow.session.add(entry)
    return LedgerItem(**item, outcome="task_opened", task_id=task.id)
