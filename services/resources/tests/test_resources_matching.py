"""Matching through the API, on SQLite and PostgreSQL: a need's candidates ranked, with reasons."""

import random
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest

from resources.repository import matching
from resources.repository.match_sql import match_statement
from resources.search.document import SearchDocument
from resources.search.index import index_card
from tukiverkko_common.ids import new_id
from tukiverkko_common.ownership import AccessScope

NEED = {"life_area": "leisure", "district": "kuusankoski", "weekday": 2}


def card(region: str, title: str, **fields: Any) -> SearchDocument:
    """Return a citizen card's document in `region` (leisure, Kuusankoski, no hours)."""
    values: dict[str, Any] = {
        "card_id": new_id(),
        "card_type": "citizen",
        "region": region,
        "districts": ("kuusankoski",),
        "sector": None,
        "target_groups": (),
        "competences": (),
        "life_areas": ("leisure",),
        "title_fi": title,
        "title_sv": title,
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
    """Index cards in one committed unit of work."""
    async with platform.resources.runtime.uow() as uow:
        for doc in docs:
            await index_card(uow.session, doc)
        await uow.commit()


async def match(platform: Any, region: str, **need: Any) -> list[dict]:
    """Return the candidates for a need in `region`, best first."""
    headers = {"x-access-scope": AccessScope(regions=(region,)).header()}
    body = await platform.resources.ok("POST", "/api/v1/match", json=need, headers=headers)
    return body["items"]


def region() -> str:
    """Return a region code of this test alone."""
    return f"r{new_id().hex[-12:]}"


async def test_the_card_in_the_right_district_and_time_ranks_first(platform):
    r = region()
    tuesday_evening = ((2, "17:30", "20:00"),)
    await put(
        platform,
        card(r, "Oikea alue ja aika", availability=tuesday_evening),
        card(r, "Oikea alue, ei aikaa", availability=((4, "18:00", "20:00"),)),
        card(r, "Oikea aika, toinen alue", districts=("valkeala",), availability=tuesday_evening),
        card(r, "Toinen elämänalue", life_areas=("housing",), availability=tuesday_evening),
        card(r, "Ei mitään", districts=("valkeala",)),
    )
    hits = await match(platform, r, **NEED, start="18:00", end="19:30")
    assert [h["title_fi"] for h in hits] == [
        "Oikea alue ja aika",
        "Oikea alue, ei aikaa",
        "Oikea aika, toinen alue",
    ]
    best, district_only, time_only = hits
    assert best["reasons"] == {
        "district": "same",
        "time": "available Tue 17:30–20:00 covers 18:00–19:30",
    }
    assert best["score"] == {
        "district": 40.0,
        "time": 30.0,
        "competence": 0.0,
        "text": 0.0,
        "total": 70.0,
    }
    assert district_only["reasons"]["time"] == "not available Tue 18:00–19:30"
    assert time_only["reasons"]["district"] == "other"
    assert time_only["score"]["total"] == 30.0


async def test_a_window_covered_in_part_scores_its_share(platform):
    r = region()
    await put(
        platform,
        card(r, "Puoli", availability=((2, "17:00", "18:45"), (2, "20:00", "21:00"))),
        card(r, "Koko", availability=((2, "18:00", "19:30"),)),
    )
    hits = await match(platform, r, **NEED, start="18:00", end="19:30")
    assert [h["title_fi"] for h in hits] == ["Koko", "Puoli"]
    assert hits[1]["score"]["time"] == 15.0
    assert hits[1]["reasons"]["time"] == (
        "available Tue 17:00–18:45 covers 45 of 90 min of 18:00–19:30"
    )


async def test_competence_and_words_add_points_and_say_which(platform):
    r = region()
    evening = ((2, "18:00", "21:00"),)
    await put(
        platform,
        card(r, "Uimari", text_fi="Käyn uimassa ja uinti on kivaa", availability=evening),
        card(
            r,
            "Kokki",
            competences=("cooking",),
            text_sv="Jag simmar gärna",
            availability=evening,
        ),
    )
    hits = await match(
        platform, r, **NEED, start="18:00", end="20:00", competence="cooking", text="uinti simmar"
    )
    by_title = {h["title_fi"]: h for h in hits}
    assert by_title["Kokki"]["reasons"]["competence"] == "cooking"
    assert by_title["Uimari"]["reasons"]["competence"] == "no cooking"
    assert by_title["Uimari"]["reasons"]["text"] == "matched 'uinti'"
    assert by_title["Kokki"]["reasons"]["text"] == "matched 'simmar'"
    assert by_title["Kokki"]["score"]["total"] == 40 + 30 + 20 + 5
    assert [h["title_fi"] for h in hits] == ["Kokki", "Uimari"]


async def test_another_regions_cards_are_not_candidates(platform):
    mine, theirs = region(), region()
    await put(platform, card(theirs, "Naapurialue", availability=((2, "18:00", "20:00"),)))
    assert await match(platform, mine, **NEED, start="18:00", end="19:00") == []
    assert len(await match(platform, theirs, **NEED, start="18:00", end="19:00")) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end": "17:00"}, "end"),
        ({"weekday": 0}, "weekday"),
        ({"start": "18:60"}, "start"),
        ({"district": "Kuusankoski!"}, "district"),
        ({"limit": 500}, "limit"),
        ({"hobby": "uinti"}, "hobby"),
    ],
)
async def test_a_bad_need_is_refused_naming_the_field(platform, change, field):
    body = NEED | {"start": "18:00", "end": "19:00"} | change
    response = await platform.resources.http.post("/api/v1/match", json=body)
    assert response.status_code == 422, response.text
    assert field in response.text


async def test_a_full_shortlist_of_district_cards_leaves_outside_cards_out(platform):
    # Every district card here outscores anything outside the district can reach (30), so
    # the shortlist is the district's best, cut at the limit, ties in card-id order.
    r = region()
    evening = ((2, "18:00", "20:00"),)
    await put(
        platform,
        card(r, "Alue 1", availability=evening),
        card(r, "Alue 2", availability=((2, "18:45", "20:00"),)),
        card(r, "Alue 3", availability=evening),
        card(r, "Alue 4"),
        card(r, "Ulkona", districts=("valkeala",), availability=evening),
    )
    hits = await match(platform, r, **NEED, start="18:00", end="19:30", limit=3)
    assert [(h["title_fi"], h["score"]["total"]) for h in hits] == [
        ("Alue 1", 70.0),
        ("Alue 3", 70.0),
        ("Alue 2", 55.0),
    ]


async def test_an_outside_card_with_competence_and_words_outranks_idle_district_cards(platform):
    # The district fills the limit, but with 40 points each: an outside card that covers the
    # window and has the competence and the word (60) must still come first.
    r = region()
    await put(
        platform,
        card(r, "Alue 1"),
        card(r, "Alue 2"),
        card(r, "Alue 3"),
        card(
            r,
            "Ulkona",
            districts=("valkeala",),
            competences=("cooking",),
            text_fi="uinti",
            availability=((2, "18:00", "20:00"),),
        ),
    )
    hits = await match(
        platform, r, **NEED, start="18:00", end="19:30", competence="cooking", text="uinti", limit=2
    )
    assert [(h["title_fi"], h["score"]["total"]) for h in hits] == [
        ("Ulkona", 60.0),
        ("Alue 1", 40.0),
    ]


async def test_the_widening_circles_answer_exactly_as_the_full_query(platform):
    # Cards of every kind (in or out of the district, windows covering the need's window
    # wholly, partly or not at all, competence and words or not): for every need, the
    # shortlist ranked circle by circle is the full query's list, in the same order.
    rng, r = random.Random(18), region()
    docs = [random_card(rng, r, n) for n in range(60)]
    await put(platform, *docs)
    async with platform.resources.runtime.sessions() as session:
        dialect = (await session.connection()).dialect.name
        for _ in range(24):
            start = rng.choice([9, 12, 16, 17, 18])
            need = matching.Need(
                life_area="leisure",
                district=rng.choice(DISTRICTS),
                weekday=rng.randint(1, 3),
                start_minute=start * 60,
                end_minute=start * 60 + rng.choice([30, 90]),
                competence=rng.choice([None, "cooking"]),
                text=rng.choice([None, "uinti", "uinti kerho"]),
                regions=(r,),
            )
            limit = rng.choice([1, 3, 5, 30])
            full = match_statement(matching.shape_of(dialect, need, limit, elsewhere=True))
            expected = (await session.execute(full, matching.params_of(need))).all()
            got = await matching.shortlist(session, need, limit)
            assert [(g.card_id, g.total) for g in got] == [(e.card_id, e.total) for e in expected]


DISTRICTS = ("kuusankoski", "valkeala", "jaala")


def random_card(rng: random.Random, r: str, n: int) -> SearchDocument:
    """Return a card with random district, windows, competence and words."""
    windows = tuple(
        (day, f"{begin:02d}:00", f"{begin + rng.choice([1, 2, 4]):02d}:{rng.choice(['00', '30'])}")
        for day in rng.sample([1, 2, 3], rng.randint(0, 2))
        for begin in [rng.choice([8, 12, 16, 17, 18])]
    )
    return card(
        r,
        f"Kortti {n}",
        districts=(rng.choice(DISTRICTS),),
        competences=rng.choice([(), ("cooking",)]),
        text_fi=rng.choice(["", "uinti", "kerho", "uinti kerho"]),
        availability=windows,
    )
