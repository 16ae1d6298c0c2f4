"""Search through the API, on SQLite and PostgreSQL: word forms, filters, hours, distance, paging,
scope, and cards that must vanish at once (archived, or their holder's personal data erased)."""

import math
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import bindparam, text

from resources.repository import search_recent
from resources.repository.search import SearchFilters
from resources.repository.search_sql import search_page
from resources.search.document import SearchDocument
from resources.search.index import index_card
from resources.search.query import text_query
from tukiverkko_common.ids import new_id
from tukiverkko_common.ownership import AccessScope

KOUVOLA = (60.8681, 26.7042)


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance in km (mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def card(region: str, **fields: Any) -> SearchDocument:
    """Return an organisation card's document in `region`; fields override."""
    values: dict[str, Any] = {
        "card_id": new_id(),
        "card_type": "organisation",
        "region": region,
        "districts": ("kuusankoski",),
        "sector": "third_sector",
        "target_groups": ("adults",),
        "competences": (),
        "life_areas": ("leisure",),
        "title_fi": "Kerho",
        "title_sv": "Klubb",
        "text_fi": "",
        "text_sv": "",
        "availability": (),
        "latitude": None,
        "longitude": None,
        "holder_card_id": None,
        "updated_at": datetime.now(UTC),
    }
    return SearchDocument(**(values | fields))


async def put(platform: Any, *docs: SearchDocument | UUID) -> None:
    """Index (or, for a bare id, drop) cards in one committed unit of work."""
    async with platform.resources.runtime.uow() as uow:
        for doc in docs:
            await index_card(uow.session, doc)
        await uow.commit()


async def found(platform: Any, region: str, **params: Any) -> list[str]:
    """Return the titles a search in `region` lists, best first (all pages)."""
    headers = {"x-access-scope": AccessScope(regions=(region,)).header()}
    titles: list[str] = []
    cursor = None
    while True:
        query = params | ({"cursor": cursor} if cursor else {})
        page = await platform.resources.ok("GET", "/api/v1/search", params=query, headers=headers)
        titles += [hit["title_fi"] for hit in page["items"]]
        if not (cursor := page["next_cursor"]):
            return titles


def region() -> str:
    """Return a region code of this test alone (the platform is shared by a module)."""
    return f"r{new_id().hex[-12:]}"


async def test_inflected_finnish_and_swedish_forms_find_each_other(platform):
    r = region()
    await put(
        platform,
        card(r, title_fi="Uimahalli", title_sv="Simhall", text_fi="Avoinna arkisin"),
        card(r, title_fi="Kirjasto", title_sv="Bibliotek", text_fi="Lukupiiri uimahallissa"),
        card(r, title_fi="Kuntosali", title_sv="Gym", text_sv="Träning efter simhallen"),
    )
    assert sorted(await found(platform, r, q="uimahallissa")) == ["Kirjasto", "Uimahalli"]
    assert sorted(await found(platform, r, q="uimahalli")) == ["Kirjasto", "Uimahalli"]
    assert sorted(await found(platform, r, q="simhallen")) == ["Kuntosali", "Uimahalli"]
    assert sorted(await found(platform, r, q="simhall")) == ["Kuntosali", "Uimahalli"]
    # A name outranks a passing mention in a description.
    assert (await found(platform, r, q="uimahalli"))[0] == "Uimahalli"
    assert await found(platform, r, q="uimahalli kirjasto") == ["Kirjasto"]


async def test_availability_on_a_weekday_evening(platform):
    r = region()
    await put(
        platform,
        card(r, title_fi="Tiistai-ilta", availability=((2, "17:00", "20:00"),)),
        card(r, title_fi="Tiistaiaamu", availability=((2, "09:00", "12:00"),)),
        card(r, title_fi="Keskiviikkoilta", availability=((3, "17:00", "20:00"),)),
        card(r, title_fi="Päättyy kuudelta", availability=((2, "16:00", "18:00"),)),
    )
    assert await found(platform, r, weekday=2, at="18:00") == ["Tiistai-ilta"]
    assert sorted(await found(platform, r, weekday=2)) == [
        "Päättyy kuudelta",
        "Tiistai-ilta",
        "Tiistaiaamu",
    ]
    assert sorted(await found(platform, r, at="18:30")) == ["Keskiviikkoilta", "Tiistai-ilta"]


async def test_filters_by_type_district_sector_target_group_and_competence(platform):
    r = region()
    await put(
        platform,
        card(r, title_fi="A", competences=("cooking",), districts=("valkeala",)),
        card(r, title_fi="B", card_type="competence", competences=("cooking",), sector=None),
        card(r, title_fi="C", sector="parish", target_groups=("youth", "families")),
    )
    assert sorted(await found(platform, r, competence="cooking")) == ["A", "B"]
    assert await found(platform, r, type="competence") == ["B"]
    assert await found(platform, r, district="valkeala") == ["A"]
    assert await found(platform, r, sector="parish") == ["C"]
    assert await found(platform, r, target_group="families") == ["C"]
    assert await found(platform, r, competence="cooking", district="kuusankoski") == ["B"]


async def test_distance_from_a_point_filters_and_orders(platform):
    r = region()
    lat, lon = KOUVOLA
    points = [
        {"title_fi": "Keskusta", "lat": lat, "lon": lon},
        {"title_fi": "Kuusankoski", "lat": 60.9076, "lon": 26.6236},  # about 6 km
        {"title_fi": "Elimäki", "lat": 60.7178, "lon": 26.4436},  # about 22 km
    ]
    await put(
        platform,
        *(card(r, title_fi=p["title_fi"], latitude=p["lat"], longitude=p["lon"]) for p in points),
        card(r, title_fi="Ei sijaintia"),
    )
    near = f"{lat},{lon}"
    assert await found(platform, r, near=near, within_km=10) == ["Keskusta", "Kuusankoski"]
    assert await found(platform, r, near=near, within_km=30) == [
        "Keskusta",
        "Kuusankoski",
        "Elimäki",
    ]
    headers = {"x-access-scope": AccessScope(regions=(r,)).header()}
    page = await platform.resources.ok(
        "GET", "/api/v1/search", params={"near": near, "within_km": 30}, headers=headers
    )
    expected = [haversine(KOUVOLA, (h["lat"], h["lon"])) for h in points]
    assert [h["distance_km"] for h in page["items"]] == pytest.approx(expected, abs=0.002)
    # One by one: a nearest-first cursor carries a negative rank (minus the distance), which
    # must not read as the cursor of words listed most recent first (3 pages, then no cursor).
    titles, cursor = [], None
    for _ in points:
        query = {"near": near, "within_km": 30, "limit": 1} | ({"cursor": cursor} if cursor else {})
        page = await platform.resources.ok("GET", "/api/v1/search", params=query, headers=headers)
        titles, cursor = titles + [h["title_fi"] for h in page["items"]], page["next_cursor"]
    assert titles == [p["title_fi"] for p in points] and cursor is None


async def test_pages_walk_every_result_once_in_rank_order(platform):
    r = region()
    await put(platform, *(card(r, title_fi=f"Kerho {n}", text_fi="kerho " * n) for n in range(7)))
    headers = {"x-access-scope": AccessScope(regions=(r,)).header()}
    first = await platform.resources.ok(
        "GET", "/api/v1/search", params={"q": "kerhossa", "limit": 3}, headers=headers
    )
    assert len(first["items"]) == 3 and first["next_cursor"]
    ranks = [h["rank"] for h in first["items"]]
    assert ranks == sorted(ranks, reverse=True)
    every = await found(platform, r, q="kerhossa", limit=3)
    assert sorted(every) == sorted(f"Kerho {n}" for n in range(7))
    assert every[:3] == [h["title_fi"] for h in first["items"]]


async def ids_paged(platform: Any, region_code: str, limit: int, **params: Any) -> list[str]:
    """Return the card ids a search lists over every page of `limit`."""
    headers = {"x-access-scope": AccessScope(regions=(region_code,)).header()}
    ids: list[str] = []
    cursor = None
    while True:
        query = params | {"limit": limit} | ({"cursor": cursor} if cursor else {})
        page = await platform.resources.ok("GET", "/api/v1/search", params=query, headers=headers)
        ids += [hit["card_id"] for hit in page["items"]]
        if not (cursor := page["next_cursor"]):
            return ids


async def test_pages_under_tied_ranks_concatenate_to_the_one_page_answer(platform):
    # Nine cards tie on rank (same text, same length) and three tie above them: the cursor must
    # cut inside a tie on card id, so every page size walks the same list, each card once.
    r = region()
    point = {"latitude": KOUVOLA[0], "longitude": KOUVOLA[1]}
    tied = [card(r, title_fi="Kerho", text_fi="kerho", **point) for _ in range(9)]
    above = [card(r, title_fi="Kerho", text_fi="kerho kerhossa", **point) for _ in range(3)]
    await put(platform, *tied, *above)
    for params in ({"q": "kerho"}, {"near": f"{KOUVOLA[0]},{KOUVOLA[1]}"}, {}):
        whole = await ids_paged(platform, r, 100, **params)
        assert len(whole) == 12 and len(set(whole)) == 12
        if "q" in params:
            assert set(whole[:3]) == {str(d.card_id) for d in above}
            assert whole[3:] == sorted(str(d.card_id) for d in tied)
        else:  # every distance ties (one point), or no rank at all: card id order
            assert whole == sorted(whole)
        for size in (1, 4, 5):
            assert await ids_paged(platform, r, size, **params) == whole, (params, size)


async def test_another_regions_cards_are_never_listed(platform):
    mine, theirs = region(), region()
    await put(platform, card(theirs, title_fi="Uimahalli"))
    assert await found(platform, mine, q="uimahalli") == []
    assert await found(platform, theirs, q="uimahalli") == ["Uimahalli"]
    headers = {"x-access-scope": AccessScope().header()}
    page = await platform.resources.ok("GET", "/api/v1/search", params={}, headers=headers)
    assert page["items"] == []


async def test_a_suppressed_card_is_not_found_by_its_old_name(platform):
    r = region()
    person = card(
        r, card_type="citizen", title_fi="Maija Meikäläinen", text_fi="Uimahallissa tiistaisin"
    )
    await put(platform, person)
    assert await found(platform, r, q="Meikäläinen") == ["Maija Meikäläinen"]
    # What the card service indexes once the person's inclusion consent has ended.
    masked = replace(person, title_fi="", title_sv="", text_fi="", text_sv="", availability=())
    await put(platform, masked)
    assert await found(platform, r, q="Meikäläinen") == []
    assert await found(platform, r, q="uimahalli") == []
    assert await found(platform, r, weekday=2) == []


async def test_an_archived_card_vanishes_in_the_transaction_that_archives_it(platform):
    r = region()
    doc = card(r, title_fi="Uimahalli")
    await put(platform, doc)
    scoped = SearchFilters(text=text_query("uimahalli"), regions=(r,))
    async with platform.resources.runtime.uow() as uow:
        await index_card(uow.session, doc.card_id)
        assert (await search_page(uow.session, scoped, 10, None)).hits == []
        # Not committed: the archiving failed, so the card is still found.
    assert await found(platform, r, q="uimahalli") == ["Uimahalli"]
    await put(platform, doc.card_id)
    assert await found(platform, r, q="uimahalli") == []
    assert await found(platform, r) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "60.8"}, "near"),
        ({"near": "91,26"}, "near"),
        ({"within_km": 5}, "within_km"),
        ({"at": "25:00"}, "at"),
        ({"weekday": 8}, "weekday"),
        ({"cursor": "bm90LWEtY3Vyc29y"}, "cursor"),
        ({"type": "person"}, "type"),
    ],
)
async def test_bad_search_parameters_are_refused_naming_the_parameter(platform, params, field):
    response = await platform.resources.http.get("/api/v1/search", params=params)
    assert response.status_code == 422, response.text
    assert field in response.text


async def test_only_stop_words_find_nothing(platform):
    r = region()
    await put(platform, card(r, title_fi="Ja kerho"))
    assert await found(platform, r, q="ja että") == []


async def test_an_organisation_finds_the_cards_it_keeps_in_any_region(platform):
    word = f"kerho{new_id().hex[-10:]}"  # a word of this test alone
    body = platform.organisation_body(name_fi=f"Uimaseura {word}", business_id=None)
    keeper = str(new_id())
    await platform.resources.ok(
        "POST",
        "/api/v1/organisation-cards",
        201,
        json=body,
        headers={"x-actor-organisation": keeper},
    )

    async def listed(scope: AccessScope) -> int:
        headers = {"x-access-scope": scope.header()}
        page = await platform.resources.ok(
            "GET", "/api/v1/search", params={"q": word}, headers=headers
        )
        need = {"life_area": "leisure", "district": "kuusankoski", "weekday": 2, "start": "10:00",
                "end": "11:00", "text": word}  # fmt: skip
        matched = await platform.resources.ok("POST", "/api/v1/match", json=need, headers=headers)
        assert len(matched["items"]) == len(page["items"])
        return len(page["items"])

    elsewhere = region()
    assert await listed(AccessScope(regions=(elsewhere,), related_to=UUID(keeper))) == 1
    assert await listed(AccessScope(related_to=UUID(keeper))) == 1
    assert await listed(AccessScope(regions=(elsewhere,), related_to=new_id())) == 0


async def test_a_word_in_too_many_cards_to_rank_lists_them_newest_first_across_pages(
    platform, monkeypatch
):
    monkeypatch.setattr(search_recent, "RANKED_MATCHES", 4)
    r = region()
    docs = [card(r, title_fi=f"Purjelentokerho {i}", text_fi="purjelento") for i in range(6)]
    docs.append(card(r, title_fi="Purjelento Jaala", text_fi="purjelento", districts=("jaala",)))
    for doc in docs:  # one unit of work each: indexed in this order
        await put(platform, doc)
    await put(platform, docs[0])  # changed again: now the newest
    await analyse(platform)  # PostgreSQL decides by its planner's estimate: fresh statistics
    newest_first = [docs[0].title_fi] + [d.title_fi for d in reversed(docs[1:])]
    pages = await search_pages(platform, r, q="purjelentoa", limit=3)
    assert [p["order"] for p in pages] == ["recent"] * 3
    assert [hit["title_fi"] for p in pages for hit in p["items"]] == newest_first
    assert {hit["rank"] for p in pages for hit in p["items"]} == {0.0}
    jaala = await search_pages(platform, r, q="purjelento", district="jaala", limit=3)
    assert [hit["title_fi"] for p in jaala for hit in p["items"]] == ["Purjelento Jaala"]
    monkeypatch.setattr(search_recent, "RANKED_MATCHES", 1000)
    ranked = await search_pages(platform, r, q="purjelento", limit=3)
    assert {p["order"] for p in ranked} == {"relevance"}
    assert sorted(hit["title_fi"] for p in ranked for hit in p["items"]) == sorted(newest_first)


async def test_postgresql_plans_the_estimate_of_a_searchs_words_once_a_minute(
    platform, monkeypatch
):
    if platform.resources.runtime.engine.dialect.name != "postgresql":
        pytest.skip("SQLite counts a search's matches; PostgreSQL plans an estimate")
    planned: list[object] = []
    plan = search_recent.estimated_rows

    async def counted(*args: Any) -> float:
        planned.append(args[2])
        return await plan(*args)

    monkeypatch.setattr(search_recent, "estimated_rows", counted)
    r = region()
    await put(platform, card(r, title_fi="Melontaretki", text_fi="melonta kanootilla"))
    for words in ("melonta", "melonta", "kanootilla", "melonta"):
        assert len((await search_pages(platform, r, q=words))[0]["items"]) == 1
    assert len(planned) == 2  # "melonta" once, "kanootilla" once: a round trip each


async def search_pages(platform: Any, region: str, **params: Any) -> list[dict[str, Any]]:
    """Return every page a search in `region` answers, following the cursor."""
    headers = {"x-access-scope": AccessScope(regions=(region,)).header()}
    pages, cursor = [], None
    while True:
        query = params | ({"cursor": cursor} if cursor else {})
        pages.append(
            await platform.resources.ok("GET", "/api/v1/search", params=query, headers=headers)
        )
        if not (cursor := pages[-1]["next_cursor"]):
            return pages


async def analyse(platform: Any) -> None:
    """Refresh PostgreSQL's statistics of the index (autovacuum's work in a running system)."""
    engine = platform.resources.runtime.engine
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            await conn.execute(text("ANALYZE search_documents"))
            await conn.commit()


async def test_postgresql_full_text_indexes_keep_no_pending_list(platform):
    engine = platform.resources.runtime.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("GIN indexes and their pending lists are PostgreSQL's")
    names = ("ix_search_documents_tsv_fi", "ix_search_documents_tsv_sv")
    query = text("SELECT relname, reloptions FROM pg_class WHERE relname IN :names").bindparams(
        bindparam("names", expanding=True)
    )
    async with engine.connect() as conn:
        options = dict((await conn.execute(query, {"names": list(names)})).all())
    assert options == {name: ["fastupdate=off"] for name in names}


async def test_filters_alone_page_through_the_facets_cards_in_card_order(platform):
    # Read from the district's facet rows: every card of the district that has the other
    # filters, in card-id order, page after page, and none from elsewhere.
    r = region()
    koria = [
        card(r, title_fi=f"Koria {i}", districts=("koria",), competences=("cooking",) * (i % 2))
        for i in range(7)
    ]
    await put(platform, *koria, card(r, title_fi="Jaala", districts=("jaala",)))
    in_card_order = [d.title_fi for d in sorted(koria, key=lambda d: d.card_id)]
    assert await found(platform, r, district="koria", limit=2) == in_card_order
    cooks = [d.title_fi for d in sorted(koria[1::2], key=lambda d: d.card_id)]
    assert await found(platform, r, district="koria", competence="cooking", limit=2) == cooks
