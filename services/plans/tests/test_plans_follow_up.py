"""Housing follow-up by phase (seed 003): rent tasks due sooner in the intensive phase, disturbances
the same Finnish working day, overdue tasks escalated to the area coordinator, and the landlord's
rent ledger opening rent tasks by itself, once."""

from datetime import UTC, datetime

from plans.service.escalation import escalate_overdue

COORDINATOR = "wrk_c00000000000000000000000000000f1"


async def _client_in(plans, phase: str | None, **client: str) -> tuple[dict, str]:
    created = await plans.client(**client)
    pid = (await plans.approved_plan(created["id"], area_coordinator_id=COORDINATOR))["id"]
    if phase:
        await plans.phase(pid, phase, "2025-03-01", "initial")
    return created, pid


async def _observe(plans, pid: str, body: dict) -> dict:
    return await plans.ok("POST", f"/api/v1/plans/{pid}/observations", 201, json=body)


def _rent(day: str) -> dict:
    return {"kind": "rent_payment", "observed_on": day, "rent_status": "unpaid"}


def _disturbance(day: str) -> dict:
    return {"kind": "disturbance", "observed_on": day, "severity": "medium"}


async def test_rent_arrears_are_due_sooner_in_the_intensive_phase(plans):
    _, intensive = await _client_in(plans, "intensive")
    _, normal = await _client_in(plans, "normal")
    fast = (await _observe(plans, intensive, _rent("2025-03-05")))["task"]
    slow = (await _observe(plans, normal, _rent("2025-03-05")))["task"]
    # Wednesday 5 March: the next working day, against three working days (16:00 Helsinki).
    assert (fast["due_at"], fast["phase"]) == ("2025-03-06T14:00:00Z", "intensive")
    assert (slow["due_at"], slow["phase"]) == ("2025-03-10T14:00:00Z", "normal")


async def test_a_disturbance_is_due_the_same_working_day(plans):
    _, pid = await _client_in(plans, "normal")
    wednesday = (await _observe(plans, pid, _disturbance("2025-03-05")))["task"]
    saturday = (await _observe(plans, pid, _disturbance("2025-03-08")))["task"]
    christmas_eve = (await _observe(plans, pid, _disturbance("2025-12-24")))["task"]
    assert wednesday["due_at"] == "2025-03-05T14:00:00Z"
    assert saturday["due_at"] == "2025-03-10T14:00:00Z"  # the next working day, Monday
    # Christmas Eve, Christmas Day and Boxing Day are holidays, then a weekend.
    assert christmas_eve["due_at"] == "2025-12-29T14:00:00Z"


async def test_the_region_configures_due_days_per_phase(start_plans):
    rules = {"kymenlaakso": {"rent_payment": {"intensive": 0}}}
    async with start_plans(follow_up_working_days=rules) as plans:
        _, kouvola = await _client_in(plans, "intensive")
        _, mikkeli = await _client_in(
            plans, "intensive", region="etela-savo", municipality="491", district=None
        )
        here = (await _observe(plans, kouvola, _rent("2025-03-05")))["task"]
        there = (await _observe(plans, mikkeli, _rent("2025-03-05")))["task"]
    assert (here["due_at"], there["due_at"]) == ("2025-03-05T14:00:00Z", "2025-03-06T14:00:00Z")


async def test_an_overdue_task_is_escalated_to_the_coordinator_once(plans):
    client, pid = await _client_in(plans, "intensive")
    overdue = (await _observe(plans, pid, _disturbance("2025-03-05")))["task"]
    future = {**_disturbance("2025-03-05"), "task_due_at": "2999-01-01T00:00:00Z"}
    pending = (await _observe(plans, pid, future))["task"]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    async with plans.runtime.uow() as uow:
        assert await escalate_overdue(uow=uow, now=now) == 1
    async with plans.runtime.uow() as uow:
        assert await escalate_overdue(uow=uow, now=now) == 0
    listed = await plans.ok("GET", "/api/v1/tasks", params={"escalated_to": COORDINATOR})
    assert [(t["id"], t["escalated_to"]) for t in listed["items"]] == [(overdue["id"], COORDINATOR)]
    assert (await plans.ok("GET", f"/api/v1/tasks/{pending['id']}"))["escalated_at"] is None
    events = await plans.events(client["id"], until={"task_escalated"})
    [event] = [e["data"] for e in events if e["type"] == "task_escalated"]
    assert (event["task_id"], event["area_coordinator_id"]) == (overdue["id"], COORDINATOR)


async def test_a_rent_ledger_import_opens_rent_tasks_once(plans):
    light, light_pid = await _client_in(plans, "light", housing_unit_code="KVA-0042")
    paid, _ = await _client_in(plans, "normal", housing_unit_code="KVA-0043")
    intensive, _ = await _client_in(plans, "intensive")
    body = {
        "region": "kymenlaakso",
        "rows": [
            {"apartment": "KVA-0042", "month": "2025-03", "due": 540, "paid": 200},
            {"apartment": "KVA-0043", "month": "2025-03", "due": 610, "paid": 610},
            {"client_id": intensive["id"], "month": "2025-03", "due": 480, "paid": 0},
        ],
    }
    first = await plans.ok("POST", "/api/v1/rent-ledger/imports", json=body)
    assert (first["tasks_opened"], first["paid"], first["already_imported"]) == (2, 1, 0)
    assert [(i["client_id"], i["outcome"]) for i in first["items"]] == [
        (light["id"], "task_opened"),
        (paid["id"], "paid"),
        (intensive["id"], "task_opened"),
    ]
    again = await plans.ok("POST", "/api/v1/rent-ledger/imports", json=body)
    assert (again["tasks_opened"], again["already_imported"]) == (0, 3)
    as_csv = "apartment,month,due,paid\nKVA-0042,2025-03,540,200\n"
    csv_again = await plans.ok(
        "POST", "/api/v1/rent-ledger/imports", json={"region": "kymenlaakso", "csv": as_csv}
    )
    assert [i["outcome"] for i in csv_again["items"]] == ["already_imported"]
    # A spreadsheet saved in a Finnish locale: byte-order mark, semicolons, decimal commas.
    finnish = "\ufeffapartment;month;due;paid\nKVA-0042;2025-04;540,50;0\n"
    april = await plans.ok(
        "POST", "/api/v1/rent-ledger/imports", json={"region": "kymenlaakso", "csv": finnish}
    )
    assert [(i["month"], i["outcome"]) for i in april["items"]] == [("2025-04", "task_opened")]
    tasks = (await plans.ok("GET", f"/api/v1/plans/{light_pid}/tasks"))["items"]
    assert [(t["kind"], t["phase"]) for t in tasks] == [("rent_follow_up", "light")] * 2
    observations = (await plans.ok("GET", f"/api/v1/plans/{light_pid}/observations"))["items"]
    assert [(o["rent_status"], o["amount_overdue_eur"]) for o in observations] == [
        ("partially_paid", 340),
        ("unpaid", 540.5),
    ]


async def test_a_bad_ledger_row_is_named_and_nothing_is_imported(plans):
    client, pid = await _client_in(plans, "normal", housing_unit_code="KVA-0050")
    other_region, _ = await _client_in(
        plans, "normal", region="etela-savo", municipality="491", district=None
    )
    as_csv = (
        "apartment,month,due,paid\n"
        "KVA-0050,2025-04,540,0\n"
        "KVA-0050,2025-05,540,abc\n"
        "KVA-9999,2025-04,500,0\n"
    )
    problem = await plans.problem(
        "POST", "/api/v1/rent-ledger/imports", 422, json={"region": "kymenlaakso", "csv": as_csv}
    )
    assert sorted(e["field"] for e in problem["errors"]) == ["rows.1.paid", "rows.2.apartment"]
    foreign = {"client_id": other_region["id"], "month": "2025-04", "due": 1, "paid": 0}
    problem = await plans.problem(
        "POST",
        "/api/v1/rent-ledger/imports",
        422,
        json={"region": "kymenlaakso", "rows": [foreign]},
    )
    assert [e["field"] for e in problem["errors"]] == ["rows.0.client_id"]
    text = {"apartment": "KVA-0050", "month": "2025-04", "due": "540", "paid": 0}
    problem = await plans.problem(
        "POST", "/api/v1/rent-ledger/imports", 422, json={"region": "kymenlaakso", "rows": [text]}
    )
    assert [e["field"] for e in problem["errors"]] == ["rows.0.due"]
    assert (await plans.ok("GET", f"/api/v1/plans/{pid}/tasks"))["items"] == []
    assert (await plans.ok("GET", f"/api/v1/plans/{pid}/observations"))["items"] == []
    assert client["housing_unit_code"] == "KVA-0050"


async def test_a_file_that_is_no_csv_is_refused_naming_the_field(plans):
    # One long line of text is no ledger: a 422 naming csv (an unreadable CSV is one too, not a 500).
    problem = await plans.problem(
        "POST",
        "/api/v1/rent-ledger/imports",
        422,
        json={"region": "kymenlaakso", "csv": "a" * 39_000},
    )
    assert [e["field"] for e in problem["errors"]] == ["csv"]
