"""The replica profile's plan (what `make run --replicas` starts) and its round robin."""

import asyncio
from pathlib import Path

import pytest

from tukiverkko_common.balancer import RoundRobin, balance
from tukiverkko_common.broker import free_port
from tukiverkko_common.launcher import discover, main, parse_args
from tukiverkko_common.replicas import REPLICA_PORT_STEP, env_prefix, parse_replicas, replica_plan

ROOT = Path(__file__).resolve().parents[2]


def test_replica_counts_are_parsed_and_nonsense_is_refused_naming_the_part():
    assert parse_replicas("gateway=2, plans=3") == {"gateway": 2, "plans": 3}
    for wrong in ("plans", "plans=0", "plans=two"):
        with pytest.raises(ValueError, match="--replicas"):
            parse_replicas(wrong)
    assert parse_args(["--replicas", "plans=2"]).replicas == {"plans": 2}


def test_each_deployable_gets_its_replicas_one_worker_its_own_database_and_a_balancer():
    deployables = discover(ROOT)
    urls = {d.name: f"postgresql+asyncpg://postgres@127.0.0.1:5999/{d.name}" for d in deployables}
    plan = {p.name: p for p in replica_plan(deployables, {"plans": 2}, urls)}
    plans = next(d for d in deployables if d.name == "plans")
    consent = next(d for d in deployables if d.name == "consent")
    assert plan["plans-1"].url == f"http://127.0.0.1:{plans.port + REPLICA_PORT_STEP}"
    assert plan["plans-2"].url == f"http://127.0.0.1:{plans.port + 2 * REPLICA_PORT_STEP}"
    assert plan["plans-balancer"].url == plans.url, "callers keep the usual address"
    assert plan["consent-1"].url == consent.url, "one replica needs no balancer"
    assert "consent-balancer" not in plan
    assert plan["plans-1"].serves_app, "replicas get the launcher's forwarded-for options too"
    assert not plan["plans-balancer"].serves_app
    for api in ("plans-1", "plans-2", "consent-1"):
        env = dict(plan[api].env)
        assert env[f"{api.split('-')[0].upper()}_RUN_WORKERS"] == "0", "APIs run no loops"
    worker = dict(plan["plans-worker"].env)
    assert worker["PLANS_DATABASE_URL"] == urls["plans"]
    assert "PLANS_RUN_WORKERS" not in worker
    health = int(worker["TUKIVERKKO_WORKER_HEALTH_PORT"])
    assert plan["plans-worker"].ready_url == f"http://127.0.0.1:{health}/health/ready"
    assert health not in {p.port + i * REPLICA_PORT_STEP for p in deployables for i in range(3)}
    for launch in plan.values():
        owner = launch.name.rsplit("-", 1)[0]
        told = {k: v for k, v in launch.env if k.endswith("_DATABASE_URL")}
        if launch.name.endswith("-balancer"):
            assert told == {}, "a balancer is told no database"
        else:
            assert told == {f"{env_prefix(owner)}DATABASE_URL": urls[owner]}, launch.name


async def _answering(port: int, reply: bytes) -> asyncio.Server:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)
        writer.write(reply)
        await writer.drain()
        writer.close()

    return await asyncio.start_server(answer, "127.0.0.1", port)


async def _ask(port: int) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"?")
    await writer.drain()
    reply = await reader.read()
    writer.close()
    return reply


async def test_the_round_robin_takes_turns_and_passes_over_a_backend_that_is_down():
    front, up, down = free_port(), free_port(), free_port()
    backend = await _answering(up, b"up")
    balancer = await balance(front, [down, up])
    try:
        replies = [await _ask(front) for _ in range(4)]
        assert replies == [b"up"] * 4, "no connection is lost to the replica that is down"
    finally:
        balancer.close()
        backend.close()


def test_turns_start_at_the_next_backend_and_a_refusing_one_goes_last():
    robin = RoundRobin([1, 2, 3])
    assert [robin.order()[0] for _ in range(3)] == [1, 2, 3]
    robin.refused(2)
    assert robin.order() == [1, 3, 2]


def test_replicas_of_an_unknown_deployable_are_refused_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    argv = ["--root", str(ROOT), "--data-dir", str(tmp_path), "--replicas", "plan=2"]
    assert main(argv) == 2
    assert "no such deployable: plan" in capsys.readouterr().err
    only = ["--root", str(ROOT), "--data-dir", str(tmp_path), "--only", "gateway,plan"]
    assert main(only) == 2
    assert "no such deployable: plan" in capsys.readouterr().err
    assert not (tmp_path / "run").exists(), "no process was started"
