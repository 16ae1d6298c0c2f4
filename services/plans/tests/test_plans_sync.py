"""Incremental sync: modified_after and an opaque cursor over (modified_at, id), page size capped."""

import asyncio


async def _all_pages(plans, url: str, **params) -> tuple[list[dict], int]:
    items, pages, cursor = [], 0, None
    while True:
        page = await plans.ok(
            "GET", url, params={**params, **({"cursor": cursor} if cursor else {})}
        )
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages


async def test_lists_page_with_a_cursor_and_resume_after_a_timestamp(plans):
    created = [await plans.client() for _ in range(5)]
    items, pages = await _all_pages(plans, "/api/v1/clients", limit=2)
    assert [c["id"] for c in items] == [c["id"] for c in created] and pages == 3

    mark = items[-1]["modified_at"]
    await asyncio.sleep(0.01)
    changed = await plans.ok(
        "PATCH", f"/api/v1/clients/{created[1]['id']}", json={"district": "valkeala"}
    )
    newer = await plans.ok("GET", "/api/v1/clients", params={"modified_after": mark})
    assert [c["id"] for c in newer["items"]] == [changed["id"]]
    assert (
        await plans.ok("GET", "/api/v1/clients", params={"modified_after": changed["modified_at"]})
    )["items"] == []

    pid = (await plans.plan(created[0]["id"]))["id"]
    for day in range(1, 6):
        await plans.visit(pid, f"2025-02-0{day}T10:00:00+02:00", 30)
    visits, pages = await _all_pages(plans, f"/api/v1/plans/{pid}/visits", limit=2)
    assert [v["occurred_at"][:10] for v in visits] == [
        f"2025-02-0{d}" for d in range(1, 6)
    ] and pages == 3
    plans_page = await plans.ok(
        "GET",
        "/api/v1/plans",
        params={"area_coordinator_id": "wrk_c0000000000000000000000000000001"},
    )
    assert [p["id"] for p in plans_page["items"]] == [pid] and plans_page["items"][0][
        "version"
    ] == 1


async def test_paging_parameters_are_validated_by_name(plans):
    too_big = await plans.problem("GET", "/api/v1/clients", 422, params={"limit": 501})
    assert too_big["errors"][0]["field"] == "query.limit"
    forged = await plans.problem("GET", "/api/v1/clients", 422, params={"cursor": "not-a-cursor"})
    assert forged["errors"][0]["field"] == "cursor"
    naive = await plans.problem(
        "GET", "/api/v1/clients", 422, params={"modified_after": "2025-01-01T00:00:00"}
    )
    assert naive["errors"][0]["field"] == "query.modified_after"
