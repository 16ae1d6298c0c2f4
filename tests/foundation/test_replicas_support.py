"""Helpers of the replica must-show (test_replicas.py): callers, writers, topic reader, lease watch."""

import asyncio
import itertools
import os
import random
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, Self

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.registry import register_client, register_organisation
from tests.foundation.test_make_run import _pid
from tukiverkko_common.area_codes import area_codes
from tukiverkko_common.broker import free_port
from tukiverkko_common.db import WRITE, session_factory

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
MUNICIPALITY = "286"  # Kouvola, in Kymenlaakso
_serial = itertools.count(random.randrange(0, 30_000))


def synthetic_hetu() -> str:
    """Return a valid artificial identity code (individual number 900-999)."""
    n = next(_serial)
    day, month, year = 1 + n % 28, 1 + (n // 28) % 12, 30 + (n // 336) % 70
    digits = f"{day:02d}{month:02d}{year:02d}{900 + n % 100:03d}"
    return f"{digits[:6]}-{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"


async def register_callers(gateway_db: AsyncEngine, gateway_url: str) -> tuple[str, str]:
    """Register a region and its dashboard in the gateway's database; return their tokens."""
    async with session_factory(gateway_db)() as session:
        await session.connection(execution_options=WRITE)
        region = await register_organisation(
            session, name="Kymenlaakson alue (testi)", role="wellbeing_region", region="kymenlaakso"
        )
        region_client = await register_client(session, organisation=region)
        dashboard = await register_organisation(
            session,
            name="Kymenlaakson tilannekuva (testi)",
            role="dashboard",
            scopes=["stream:plans"],
            region="kymenlaakso",
        )
        dashboard_client = await register_client(session, organisation=dashboard)
        await session.commit()
    async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as http:
        return await _token(http, *region_client), await _token(http, *dashboard_client)


async def _token(http: httpx.AsyncClient, client_id: str, secret: str) -> str:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    response = await http.post("/api/v1/oauth/token", data=form)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def _client_body() -> dict[str, Any]:
    district = next(iter(area_codes().municipalities[MUNICIPALITY].districts))
    return {
        "personal_identity_code": synthetic_hetu(),
        "languages": ["fi"],
        "municipality": MUNICIPALITY,
        "district": district,
        "region": "kymenlaakso",
    }


async def acknowledged_writes(
    http: httpx.AsyncClient,
    gateways: list[str],
    token: str,
    per_gateway: int,
    kills: dict[int, Path],
    killed: list[int] | None = None,
) -> dict[str, list[str]]:
    """Register clients through every gateway at once; SIGKILL the process in `kills[n]`'s pid
    file once n writes were acknowledged in all (its pid appended to `killed`). Return the
    acknowledged ids per gateway."""
    acked: dict[str, list[str]] = {g: [] for g in gateways}
    pending = dict(sorted(kills.items()))

    def kill_due() -> None:
        done = sum(len(ids) for ids in acked.values())
        for at in [at for at in pending if at <= done]:
            pid = _pid(pending.pop(at))
            assert pid > 0, "a pid file names the process"  # os.kill(0, …) is our own group
            os.kill(pid, signal.SIGKILL)
            if killed is not None:
                killed.append(pid)

    async def writer(gateway: str) -> None:
        loop = asyncio.get_running_loop()
        attempts, deadline = 0, loop.time() + 120
        while attempts < per_gateway and loop.time() < deadline:
            try:
                response = await http.post(
                    f"{gateway}/api/v1/clients",
                    json=_client_body(),
                    headers={"Authorization": f"Bearer {token}"},
                )
            except httpx.TransportError:  # this gateway is down; its supervisor restarts it
                await asyncio.sleep(0.2)
                continue
            attempts += 1
            if response.status_code == 201:
                acked[gateway].append(response.json()["id"])
            else:  # unacknowledged: the write was in flight on a killed plans process
                assert response.status_code in (502, 503, 504), response.text
            kill_due()

    await asyncio.gather(*(writer(g) for g in gateways))
    assert not pending, f"kills not reached: {pending}"
    return acked


async def every_record_on(bootstrap: str, topic: str) -> list[str]:
    """Return the CloudEvents id of every record on the topic, from the start to its end."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # fetches the metadata that names the partitions
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        end = await consumer.end_offsets(parts)
        ids: list[str] = []
        while [tp for tp in parts if await consumer.position(tp) < end[tp]]:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                ids += [dict(r.headers)["ce_id"].decode() for r in records]
        return ids
    finally:
        await consumer.stop()


class _Sampling:
    """Run `_sample` every 50 ms while the test runs; on leaving, insist it ran throughout."""

    what = "the samples"

    def __init__(self) -> None:
        self.samples = 0
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> Self:
        self._task = asyncio.create_task(self._watch())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        assert self.samples > 10, f"{self.what} were watched throughout"

    async def _watch(self) -> None:
        while True:
            await self._sample()
            self.samples += 1
            await asyncio.sleep(0.05)

    async def _sample(self) -> None:
        raise NotImplementedError


class LeaseWatch(_Sampling):
    """Sample every service's relay lease while the test runs; remember every holder seen, in
    order, and keep the current holder's pid in `holder_files[name]` (a pid file to kill by)."""

    def __init__(
        self, engines: dict[str, AsyncEngine], holder_files: dict[str, Path] | None = None
    ) -> None:
        self.engines = engines
        self.owners: dict[str, set[str]] = {name: set() for name in engines}
        self.history: dict[str, list[str]] = {name: [] for name in engines}
        self.holder_files = holder_files or {}
        super().__init__()

    what = "the leases"

    async def _sample(self) -> None:
        for name, engine in self.engines.items():
            async with engine.connect() as conn:
                rows = await conn.execute(text("SELECT owner FROM relay_lease"))
                for owner in (row.owner for row in rows):
                    self._saw(name, owner)

    def _saw(self, name: str, owner: str) -> None:
        self.owners[name].add(owner)
        if self.history[name][-1:] != [owner]:
            self.history[name].append(owner)
        if name in self.holder_files:
            self.holder_files[name].write_text(owner.split(":")[1])


class RelayWatch(_Sampling):
    """Sample each worker's own relay metrics from its health endpoint while the test runs, and
    note every sample in which more than one relay published (its counter rose since the
    previous sample) or claimed the lease: there must be none."""

    def __init__(self, health_urls: dict[str, str]) -> None:
        self.urls = health_urls
        self.last: dict[str, float] = {}
        self.rose: dict[str, int] = dict.fromkeys(health_urls, 0)
        self.overlaps: list[str] = []
        self._http = httpx.AsyncClient(timeout=2)
        super().__init__()

    what = "the relays"

    async def __aexit__(self, *exc: object) -> None:
        try:
            await super().__aexit__(*exc)
        finally:
            await self._http.aclose()

    async def _sample(self) -> None:
        rising, leading = [], []
        for label, url in self.urls.items():
            try:
                text_ = (await self._http.get(f"{url}/metrics")).text
            except httpx.HTTPError:  # killed, or restarting
                continue
            count = _metric(text_, "outbox_published_total")
            if count > self.last.get(label, count):
                rising.append(label)
                self.rose[label] += 1
            self.last[label] = count  # a restarted process counts from 0 again
            if _metric(text_, "outbox_relay_leader") == 1:
                leading.append(label)
        if len(rising) > 1 or len(leading) > 1:
            self.overlaps.append(f"published: {rising}, leading: {leading}")


def _metric(exposition: str, name: str) -> float:
    line = next(line for line in exposition.splitlines() if line.startswith(name + " "))
    return float(line.split()[1])


def health_url(lines: list[str], name: str) -> str:
    line = next(line for line in lines if line.strip().startswith(name + " "))
    return line.split("(ready ", 1)[1].removesuffix(")").removesuffix("/health/ready")


def second_plans_worker(
    database_url: str, bootstrap: str, data_dir: Path
) -> tuple[subprocess.Popen, str]:
    """Start another plans worker on the same database; return it and its health URL."""
    port = free_port()
    env = dict(
        os.environ,
        TUKIVERKKO_ENV="development",
        TUKIVERKKO_DATA_DIR=str(data_dir),
        KAFKA_BOOTSTRAP_SERVERS=bootstrap,
        PLANS_DATABASE_URL=database_url,
        PLANS_MIGRATE_ON_START="0",
        PLANS_OUTBOX_POLL_SECONDS="0.2",
        PLANS_RELAY_LEASE_SECONDS="3",
        TUKIVERKKO_WORKER_HEALTH_PORT=str(port),
    )
    with (data_dir / "log" / "plans-worker-2.log").open("ab") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "plans.worker"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    return worker, f"http://127.0.0.1:{port}"


async def answers_ready(url: str) -> bool:
    async with httpx.AsyncClient(timeout=2) as http:
        try:
            return (await http.get(f"{url}/health/ready")).status_code == 200
        except httpx.HTTPError:
            return False
