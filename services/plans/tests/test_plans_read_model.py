"""A plan read (one statement) answers exactly what the plan's parts answer one by one."""

from tukiverkko_common.ownership import AccessScope

ORG_PROVIDER = "01936f5e-0000-7000-8000-0000000000c1"
ORG_PARTNER = "01936f5e-0000-7000-8000-0000000000c2"
AREAS = ("housing", "mobility", "work", "leisure", "finances", "health")


async def _full_plan(plans) -> str:
    """A plan with 6 goals, 3 services (weekly, monthly, informal), 2 phases and 2 referrals."""
    client = await plans.client()
    pid = (await plans.approved_plan(client["id"], client_view="Haluan asua omassa kodissa."))["id"]
    for n, area in enumerate(AREAS):
        body = {"life_area": area, "description": f"Tavoite {n} – äöå", "expressed_by": "client"}
        if n % 2:
            body["due_on"] = f"2025-0{n}-15"
        await plans.ok("POST", f"/api/v1/plans/{pid}/goals", 201, json=body)
    await plans.service(pid, 3)
    await plans.service(pid, 7.5, "month", valid_until="2025-12-31")
    await plans.service(pid, 2, provider={"kind": "informal", "relation": "neighbour"})
    await plans.phase(pid, "readiness_assessment", "2025-01-01", "initial")
    await plans.phase(pid, "intensive", "2025-01-16")
    for org, kind in ((ORG_PROVIDER, "day_activities"), (ORG_PARTNER, "job_coaching")):
        body = {"organisation_id": org, "service_type": kind, "basis": "consent"}
        await plans.ok("POST", f"/api/v1/plans/{pid}/referrals", 201, json=body)
    return pid


async def _items(plans, url: str) -> list[dict]:
    return (await plans.ok("GET", url, params={"limit": 500}))["items"]


async def test_plan_read_embeds_exactly_what_each_part_answers(plans):
    pid = await _full_plan(plans)
    read = await plans.ok("GET", f"/api/v1/plans/{pid}")

    assert read["goals"] == await _items(plans, f"/api/v1/plans/{pid}/goals")
    assert read["services"] == await _items(plans, f"/api/v1/plans/{pid}/services")
    referrals = [await plans.ok("GET", f"/api/v1/referrals/{r['id']}") for r in read["referrals"]]
    assert read["referrals"] == referrals and len(referrals) == 2
    phases = await _items(plans, f"/api/v1/plans/{pid}/phases")
    assert read["current_phase"] == phases[-1] and read["current_phase"]["phase"] == "intensive"
    assert read["services"][1]["hours_per_month"] == 7.5  # a monthly amount whatever the month
    assert read["services"][2]["provider"] == {
        "kind": "informal",
        "relation": "neighbour",
        "description": None,
    }
    assert read["goals"][1]["due_on"] == "2025-01-15" and read["goals"][0]["due_on"] is None


async def test_plan_read_header_matches_its_current_version(plans):
    client = await plans.client()
    plan = await plans.approved_plan(client["id"])
    pid = plan["id"]
    edited = await plans.ok("PATCH", f"/api/v1/plans/{pid}", json={"client_view": "Uusi näkemys"})
    read = await plans.ok("GET", f"/api/v1/plans/{pid}")

    assert read == edited
    assert read["version"] == 2 and read["approved"] is False and read["approved_version"] == 1
    assert read["current_phase"] is None and read["goals"] == read["services"] == []
    version = await plans.ok("GET", f"/api/v1/plans/{pid}/versions/2")
    assert version["client_view"] == read["client_view"] == "Uusi näkemys"
    assert read["created_at"] == plan["created_at"] and read["created_at"].endswith("Z")


async def test_unknown_plan_answers_404_naming_the_plan(plans):
    problem = await plans.problem("GET", "/api/v1/plans/01936f5e-0000-7000-8000-0000000000ff", 404)
    assert "plan" in problem["detail"]


async def test_region_sync_pages_of_500_hold_every_plan_of_the_region_once(plans):
    ours = [await plans.client() for _ in range(4)]
    theirs = await plans.client(municipality="091", district=None, region="helsinki")
    for client in (*ours, theirs):
        await plans.plan(client["id"])
    scope = {"x-access-scope": AccessScope(regions=("kymenlaakso",)).header()}
    page = await plans.ok("GET", "/api/v1/plans", params={"limit": 500}, headers=scope)

    assert sorted(p["client_id"] for p in page["items"]) == sorted(c["id"] for c in ours)
    assert page["next_cursor"] is None
    later = await plans.ok(
        "GET",
        "/api/v1/plans",
        params={"limit": 500, "modified_after": page["items"][1]["modified_at"]},
        headers=scope,
    )
    assert [p["id"] for p in later["items"]] == [p["id"] for p in page["items"][2:]]
    nowhere = {"x-access-scope": AccessScope().header()}
    assert (await plans.ok("GET", "/api/v1/plans", headers=nowhere))["items"] == []
