"""Benchmark: resource-file search and matching over 50,000 cards, on SQLite and PostgreSQL.

For each database the resources app runs under uvicorn (no broker loops), the cards and their
index rows are bulk-inserted into the migrated tables (not through the API; PostgreSQL is then
vacuumed, as autovacuum would after such a load), and an aiohttp
client measures one request at a time, interleaved so every operation sees the same machine:
  - reading one card by id (GET /api/v1/cards/{id}: the primary-key baseline of the same run),
  - searches with a common word, a rare word, filters only, a common word with filters, a point
    and radius (GET /api/v1/search),
  - needs, plain and with competence and words (POST /api/v1/match).
Targets: search p99 <= 10 ms, matching p99 <= 25 ms. Results: bench/results/resources_search.json.

Each size of --cards is loaded into a fresh database (the scaling curve of bench/README.md);
targets are judged at the largest.

    uv run python bench/resources_search.py [--small] [--cards 5000 50000] [--samples 400] [--databases sqlite postgresql]
"""

import argparse
import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import aiohttp
from harness import Process, Result, launch_app, postgres, start_apps, summarise, versions
from harness.cli import parse
from sqlalchemy import insert, text

from resources.main import MIGRATIONS
from resources.models import Card, InclusionConsent
from resources.search.document import SearchDocument
from resources.search.index import (
    FACET_KEYS_SQL,
    availability_rows_of,
    district_window_rows_of,
    facet_rows_of,
    fts_row,
)
from resources.search.tables import availability, district_windows, documents, facets
from tukiverkko_common.db import create_engine, dispose
from tukiverkko_common.ids import new_id
from tukiverkko_common.migrations import upgrade
from tukiverkko_common.ownership import AccessScope
from tukiverkko_common.settings import DEV_INTERNAL_TOKEN
from tukiverkko_common.testing.postgres import find_bindir

SMALL = {"cards": [1_000, 5_000], "samples": 200}
"""200 samples even in small mode: the p99 of 50 is their second-largest value, a single spike
of the shared machine's scheduling."""
FULL = {"cards": [5_000, 50_000], "samples": 400}
CURVES = ("card_by_id", "search_common_word", "search_very_common_word", "match")
REGION = "kymenlaakso"
ORG = "01936f5e-0000-7000-8000-0000000000a1"
DISTRICTS = ["kouvola-keskusta", "kuusankoski", "valkeala", "elimaki", "anjalankoski", "jaala",
             "koria", "myllykoski"]  # fmt: skip
KINDS = ["organisation"] * 4 + ["citizen"] * 3 + ["competence"] * 2 + ["strength"]
COMMON_FI = ["kerho", "kerhossa", "uinti", "uimahallissa", "kävely", "kävelyllä", "ruoanlaitto",
             "lomakkeiden", "täyttö", "naapuri", "apu", "seura", "liikunta", "musiikki", "käsityöt",
             "lukeminen", "tietokone", "asiointi", "puutarha", "retki", "nuoret", "ikäihmiset",
             "kahvila", "kirjasto", "kuntosali", "laulu", "maalaus", "metsä", "pyöräily", "kalastus",
             "ystävä", "vertaistuki", "keskustelu", "peli", "leipominen", "siivous", "kauppa",
             "kuljetus", "lapset", "perhe", "koira", "luonto", "teatteri", "elokuva", "valokuvaus",
             "kieli", "ruotsi", "englanti", "matematiikka", "läksyt", "ompelu", "neulonta"]  # fmt: skip
VERY_COMMON = "toiminta"
"""In every third card: the worst case of ranking, thousands of matches scored."""
COMMON_SV = ["klubb", "simhallen", "promenad", "matlagning", "blanketter", "granne", "hjälp",
             "förening", "motion", "musik", "hantverk", "läsning", "dator", "trädgård"]  # fmt: skip
RARE = ["harmonikka", "mehiläistarhaus", "posliininmaalaus", "shakki", "origami", "lintubongaus",
        "kalligrafia", "sukututkimus", "keramiikka", "kuorolaulu", "tanssi", "kirjansidonta"]  # fmt: skip
SCOPE = {"x-access-scope": AccessScope(regions=(REGION,)).header()}
TARGETS_MS = {"search_p99": 10.0, "match_p99": 25.0}


def document(rng: random.Random, n: int, now: datetime) -> SearchDocument:
    """Return one synthetic card's index document: words, districts, hours, a place."""
    words_fi = rng.sample(COMMON_FI, 5) + ([RARE[n % len(RARE)]] if n % 97 == 0 else [])
    words_fi += [VERY_COMMON] if n % 3 == 0 else []
    start = rng.choice([8, 10, 12, 14, 16, 17, 18])
    hours = tuple(
        (day, f"{start:02d}:00", f"{start + rng.choice([2, 3, 4]):02d}:00")
        for day in rng.sample(range(1, 8), rng.randint(1, 3))
    )
    return SearchDocument(
        card_id=new_id(),
        card_type=KINDS[n % len(KINDS)],
        region=REGION,
        districts=tuple(rng.sample(DISTRICTS, rng.choice([1, 1, 2]))),
        sector=rng.choice(["municipal", "third_sector", "parish", None]),
        target_groups=tuple(rng.sample(["adults", "youth", "older_people", "families"], 2)),
        competences=tuple(rng.sample(["cooking", "it", "driving", "crafts", "languages"], 2)),
        life_areas=tuple(
            rng.sample(["leisure", "housing", "mobility", "work", "participation"], 2)
        ),
        title_fi=f"{words_fi[0].capitalize()} {n}",
        title_sv=f"{rng.choice(COMMON_SV).capitalize()} {n}",
        text_fi=" ".join(words_fi[1:]),
        text_sv=" ".join(rng.sample(COMMON_SV, 4)),
        availability=hours,
        latitude=60.8 + rng.random() * 0.25,
        longitude=26.4 + rng.random() * 0.6,
        holder_card_id=None,
        updated_at=now - timedelta(days=rng.randint(0, 400)),
    )


def card_row(doc: SearchDocument, subject: Any) -> dict[str, Any]:
    """Return the cards-table row behind a document (what the card API reads)."""
    return {
        "id": doc.card_id, "card_type": doc.card_type, "region": doc.region,
        "owner_organisation_id": UUID(ORG), "status": "active", "subject_id": subject,
        "sector": doc.sector, "name_fi": doc.title_fi, "name_sv": doc.title_sv,
        "districts": list(doc.districts), "target_groups": list(doc.target_groups),
        "competences": list(doc.competences), "life_areas": list(doc.life_areas),
        "latitude": doc.latitude, "longitude": doc.longitude, "details": {"description": doc.text_fi},
        "created_at": doc.updated_at, "updated_at": doc.updated_at,
    }  # fmt: skip


def consent_row(subject: Any, now: datetime) -> dict[str, Any]:
    """Return an inclusion consent in force for a card's person (the local mirror's row)."""
    return {"consent_id": new_id(), "subject_id": subject, "status": "active",
            "valid_from": now - timedelta(days=30), "updated_at": now}  # fmt: skip


async def insert_chunk(conn: Any, part: list[SearchDocument], first: int, subjects: dict) -> None:
    """Insert one chunk of cards, consents and index rows (document ids from `first`)."""
    now = datetime.now(UTC)
    await conn.execute(insert(Card.__table__), [card_row(d, subjects.get(d.card_id)) for d in part])
    persons = [consent_row(subjects[d.card_id], now) for d in part if d.card_id in subjects]
    await conn.execute(insert(InclusionConsent.__table__), persons)
    ids = range(first, first + len(part))
    await conn.execute(
        insert(documents), [index_row(d, subjects, i) for i, d in zip(ids, part, strict=True)]
    )
    await conn.execute(insert(facets), [r for d in part for r in facet_rows_of(d)])
    await conn.execute(insert(availability), [r for d in part for r in availability_rows_of(d)])
    served = [r for d in part for r in district_window_rows_of(d)]
    await conn.execute(insert(district_windows), served)
    if conn.dialect.name == "sqlite":
        await conn.execute(
            text("INSERT INTO search_text (rowid, title_fi, text_fi, title_sv, text_sv, keys) "
                 "VALUES (:rowid, :title_fi, :text_fi, :title_sv, :text_sv, :keys)"),
            [fts_row(d, i) for i, d in zip(ids, part, strict=True)],
        )  # fmt: skip


async def load(url: str, n: int) -> tuple[list[str], float]:
    """Bulk-load n cards with their index rows (migrated first); return the card ids and seconds."""
    rng, now, started = random.Random(14), datetime.now(UTC), time.perf_counter()
    docs = [document(rng, i, now) for i in range(n)]
    subjects = {d.card_id: new_id() for d in docs if d.card_type != "organisation"}
    engine = create_engine(url)
    async with engine.begin() as conn:
        for first in range(0, n, 5000):
            await insert_chunk(conn, docs[first : first + 5000], first + 1, subjects)
        if conn.dialect.name == "postgresql":
            await conn.execute(
                text(FACET_KEYS_SQL.format(only=""))
            )  # as index_card writes them, per card
        await conn.execute(text("ANALYZE"))
    if engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load: the visibility map set, so
        # index-only scans need no table reads (measuring before it would time the load).
        async with engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
    await dispose(engine)
    organisations = [str(d.card_id) for d in docs if d.card_type == "organisation"]
    return organisations, time.perf_counter() - started


def index_row(doc: SearchDocument, subjects: dict[Any, Any], ident: int) -> dict[str, Any]:
    """Return the search_documents row of a document with an explicit id (the FTS rowid)."""
    return {
        "id": ident, "card_id": doc.card_id, "card_type": doc.card_type, "region": doc.region,
        "sector": doc.sector, "title_fi": doc.title_fi, "title_sv": doc.title_sv,
        "text_fi": doc.text_fi, "text_sv": doc.text_sv, "districts": list(doc.districts),
        "competences": list(doc.competences), "latitude": doc.latitude,
        "longitude": doc.longitude, "holder_card_id": None,
        "subject_id": subjects.get(doc.card_id), "updated_at": doc.updated_at,
    }  # fmt: skip


def start_server(url: str, log_dir: Path, name: str) -> Process:
    """Launch the resources app under uvicorn without the broker-bound background loops (the
    caller waits until it is live)."""
    env = {
        "RESOURCES_DATABASE_URL": url,
        "RESOURCES_RUN_WORKERS": "false",
        "RESOURCES_LOG_LEVEL": "WARNING",
    }
    return launch_app(
        name, "resources.main:create_app", env, log_dir, (), ["KAFKA_BOOTSTRAP_SERVERS"]
    )


def operations(rng: random.Random, card_ids: list[str]) -> dict[str, Any]:
    """Return each measured operation as a function giving its next (method, path, params/body)."""

    def need(**extra: Any) -> dict[str, Any]:
        start = rng.choice([10, 16, 17, 18])
        return {"life_area": rng.choice(["leisure", "housing"]), "district": rng.choice(DISTRICTS),
                "weekday": rng.randint(1, 7), "start": f"{start:02d}:00",
                "end": f"{start + 1:02d}:30"} | extra  # fmt: skip

    return {
        "card_by_id": lambda: ("GET", f"/api/v1/cards/{rng.choice(card_ids)}", None),
        "search_common_word": lambda: ("GET", "/api/v1/search", {"q": rng.choice(COMMON_FI)}),
        "search_very_common_word": lambda: ("GET", "/api/v1/search", {"q": VERY_COMMON}),
        "search_rare_word": lambda: ("GET", "/api/v1/search", {"q": rng.choice(RARE)}),
        "search_filters_only": lambda: (
            "GET",
            "/api/v1/search",
            {
                "district": rng.choice(DISTRICTS),
                "weekday": rng.randint(1, 7),
                "at": "18:00",
                "competence": "cooking",
            },
        ),
        "search_common_word_filtered": lambda: (
            "GET",
            "/api/v1/search",
            {
                "q": rng.choice(COMMON_FI),
                "district": rng.choice(DISTRICTS),
                "weekday": rng.randint(1, 7),
                "at": "17:30",
            },
        ),
        "search_near": lambda: (
            "GET",
            "/api/v1/search",
            {"near": f"{60.85 + rng.random() * 0.1},{26.6 + rng.random() * 0.2}", "within_km": 2},
        ),
        "match": lambda: ("POST", "/api/v1/match", need()),
        "match_competence_text": lambda: (
            "POST",
            "/api/v1/match",
            need(competence="cooking", text=f"{rng.choice(COMMON_FI)} {rng.choice(RARE)}"),
        ),
    }


async def timed(http: aiohttp.ClientSession, method: str, path: str, data: Any) -> float:
    """Return the milliseconds one request took, its body read."""
    started = time.perf_counter()
    kwargs = {"params": data} if method == "GET" else {"json": data}
    async with http.request(method, path, headers=SCOPE, **kwargs) as response:
        body = await response.read()
        assert response.status == 200, (path, response.status, body[:300])
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> dict[str, float]:
    """Return n and p50/p99/max in milliseconds."""
    stats = summarise(samples, digits=2)
    return {"n": stats["n"], "p50_ms": stats["p50"], "p99_ms": stats["p99"], "max_ms": stats["max"]}


async def measure(base: str, card_ids: list[str], samples: int) -> dict[str, list[float]]:
    """Warm up, then run every operation `samples` times, interleaved; return the samples."""
    ops = operations(random.Random(7), card_ids)
    taken: dict[str, list[float]] = {name: [] for name in ops}
    headers = {"x-internal-token": DEV_INTERNAL_TOKEN, "x-actor-organisation": ORG,
               "x-actor-user": "bench"}  # fmt: skip
    async with aiohttp.ClientSession(base, headers=headers) as http:
        for _ in range(min(30, samples // 4)):
            for make in ops.values():
                await timed(http, *make())
        for _ in range(samples):
            for name, make in ops.items():
                taken[name].append(await timed(http, *make()))
    return taken


def verdicts(stats: dict[str, dict[str, float]]) -> dict[str, Any]:
    """Return each operation's ratios to the primary-key read and whether its target is met."""
    base = stats["card_by_id"]
    found: dict[str, Any] = {}
    for name, s in stats.items():
        target = TARGETS_MS["match_p99"] if name.startswith("match") else TARGETS_MS["search_p99"]
        found[name] = {
            "p50_ratio": round(s["p50_ms"] / base["p50_ms"], 2),
            "p99_ratio": round(s["p99_ms"] / base["p99_ms"], 2),
            "target_p99_ms": None if name == "card_by_id" else target,
            "met": None if name == "card_by_id" else s["p99_ms"] <= target,
        }
    return found


async def run_database(
    name: str, url: str, cards: int, args: argparse.Namespace, tmp: Path
) -> dict:
    """Load, serve and measure one database at one size."""
    await asyncio.to_thread(upgrade, MIGRATIONS, url)
    server = start_server(url, tmp, f"{name}-{cards}")  # starts while the cards load
    try:
        card_ids, seconds = await load(url, cards)
        start_apps(server, log_dir=tmp)
        taken = await measure(server.url, card_ids, args.samples)
    finally:
        server.stop()
    stats = {op: summary(values) for op, values in taken.items()}
    run = {"load_seconds": round(seconds, 1), "stats": stats, "verdicts": verdicts(stats)}
    return run | {"samples": taken}


def report(name: str, run: dict) -> None:
    """Print one database's table."""
    print(f"== {name}: {run['load_seconds']} s to load")
    for op, s in run["stats"].items():
        v = run["verdicts"][op]
        verdict = "" if v["met"] is None else ("met" if v["met"] else "MISSED")
        print(f"  {op:30s} p50 {s['p50_ms']:7.2f} ms  p99 {s['p99_ms']:7.2f} ms  "
              f"x{v['p50_ratio']:5.2f} / x{v['p99_ratio']:5.2f} of the id read  {verdict}")  # fmt: skip


async def main_async(args: argparse.Namespace) -> dict[str, dict[int, dict]]:
    """Measure each requested database at each size in turn, each size in a fresh database."""
    runs: dict[str, dict[int, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="resources-bench-") as folder:
        tmp = Path(folder)
        if "sqlite" in args.databases:
            runs["sqlite"] = {}
            for n in args.cards:
                url = f"sqlite+aiosqlite:///{tmp / f'r-{n}.db'}"
                runs["sqlite"][n] = await run_database("sqlite", url, n, args, tmp)
                report(f"sqlite, {n} cards", runs["sqlite"][n])
        with postgres("postgresql" in args.databases) as server:
            if server is not None:
                runs["postgresql"] = {}
                for n in args.cards:
                    url = await server.create_database(f"resources_bench_{n}")
                    runs["postgresql"][n] = await run_database("postgresql", url, n, args, tmp)
                    report(f"postgresql, {n} cards", runs["postgresql"][n])
    return runs


def record(out: Result, runs: dict[str, dict[int, dict]]) -> None:
    """Distributions and targets at the largest size; p50 by card count as scaling curves."""
    series: dict[str, list[list[float]]] = {}
    for db, by_size in runs.items():
        for n, run in sorted(by_size.items()):
            for op in CURVES:
                series.setdefault(f"{db} {op}", []).append([n, run["stats"][op]["p50_ms"]])
        largest = max(by_size)
        run = by_size[largest]
        base = run["stats"]["card_by_id"]["p99_ms"]
        for op, values in run.pop("samples").items():
            out.latency(f"{db}/{op} ({largest} cards)", values)
            verdict = run["verdicts"][op]
            out.ratios[f"{db}: {op} p99 / card by id p99"] = verdict["p99_ratio"]
            if verdict["target_p99_ms"] is not None:
                p99 = run["stats"][op]["p99_ms"]
                out.target(
                    f"{db}: {op} p99, {largest} cards",
                    p99,
                    "<=",
                    verdict["target_p99_ms"],
                    "ms",
                    baseline="card by id p99",
                    ratio=p99 / base,
                    ratio_label="card by id p99",
                )
        for smaller in by_size.values():
            smaller.pop("samples", None)
    out.scaling = {
        "title": "Resource search p50 by card count",
        "x": "cards",
        "y": "p50 (ms)",
        "series": series,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, nargs="+")
    parser.add_argument("--samples", type=int)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parse(parser, SMALL, FULL)
    out = Result(
        "resources_search",
        args.mode,
        "Resource-file search and matching, one request at a time (issue #14)",
        sizes={
            "cards": args.cards,
            "samples_per_operation": args.samples,
            "databases": args.databases,
        },
        baseline="GET /api/v1/cards/{id} (primary-key read), same run, interleaved",
        versions=versions(postgres_bindir=find_bindir()),
    )
    runs = asyncio.run(main_async(args))
    record(out, runs)
    out.details = {"runs": {db: {str(n): r for n, r in by.items()} for db, by in runs.items()}}
    out.write()


if __name__ == "__main__":
    main()
