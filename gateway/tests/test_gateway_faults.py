"""Faults that once answered 500 or wedged: each test was written against the broken behaviour first."""

import asyncio
import json
import logging
from pathlib import Path

import pytest
from gateway_fakes import INTERNAL_TOKEN, FakeWorld
from gateway_harness import Gateway
from gateway_platform import start_plans

import plans.routers.plans as plans_routes
from gateway.access import REASONS, upstream_unavailable
from gateway.upstream import UpstreamError

DEEP = ('{"subject_id":' + "[" * 1000 + "]" * 1000 + "}").encode()


async def test_an_overview_for_a_caller_without_any_parts_scope_names_every_part_missing(
    fake_gateway: Gateway, fake_world: FakeWorld
):
    region = await fake_gateway.register(
        "Suppea alue", "wellbeing_region", region="kymenlaakso", scopes=["clients:read"]
    )
    client_id, _ = fake_world.add_client("kymenlaakso")
    response = await fake_gateway.call(region, "GET", f"/api/v1/clients/{client_id}/overview")
    assert response.status_code == 200, response.text
    missing = {m["part"]: m["reason"] for m in response.json()["missing"]}
    assert missing["plans"] == missing["consents"] == "not_permitted"


def test_a_services_failure_to_answer_reads_as_english():
    for reason in REASONS:
        detail = upstream_unavailable(UpstreamError("plans", reason), "the request").detail or ""
        assert " is did " not in detail and detail.startswith("the request could not")
    timeout = upstream_unavailable(UpstreamError("plans", "timeout"), "the request")
    assert (
        timeout.detail
        == "the request could not be completed: the plans service did not answer in time"
    )


async def test_a_json_body_nested_1000_deep_is_a_422_naming_the_body_at_the_gateway(
    fake_gateway: Gateway,
):
    region = await fake_gateway.register("Syvä alue", "wellbeing_region")
    response = await fake_gateway.call(
        region,
        "POST",
        "/api/v1/consents",
        content=DEEP,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "body"


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: str):
    writer.write(request.encode())
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    lines = head.decode().split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
    body = await reader.readexactly(int(headers["content-length"]))
    return int(lines[0].split()[1]), headers, body


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def test_a_services_500_carries_the_request_id_and_keeps_the_connection(
    tmp_path: Path, bootstrap_servers: str, monkeypatch: pytest.MonkeyPatch
):
    plans = await start_plans(tmp_path, bootstrap_servers)
    records = _Records()
    logging.getLogger().addHandler(records)

    def broken(**kwargs: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(plans_routes.repo, "plans_query", broken)
    reader, writer = await asyncio.open_connection("127.0.0.1", plans.port)
    try:
        head = f"Host: plans\r\nx-internal-token: {INTERNAL_TOKEN}\r\n"
        status, _, body = await _exchange(
            reader, writer, f"GET /api/v1/plans HTTP/1.1\r\n{head}x-request-id: pyynto-500\r\n\r\n"
        )
        assert status == 500 and json.loads(body)["request_id"] == "pyynto-500"
        assert b"internal detail" not in body
        logged = [r for r in records.records if r.levelno >= logging.ERROR]
        assert logged and all(getattr(r, "request_id", None) == "pyynto-500" for r in logged)
        # The same connection answers the next request (it was not closed under the caller).
        status, _, _ = await _exchange(reader, writer, f"GET /api/v1/codes HTTP/1.1\r\n{head}\r\n")
        assert status == 200
        deep = f"POST /api/v1/clients HTTP/1.1\r\n{head}content-type: application/json\r\n"
        deep += f"content-length: {len(DEEP)}\r\n\r\n{DEEP.decode()}"
        status, _, body = await _exchange(reader, writer, deep)
        assert status == 422 and json.loads(body)["errors"][0]["field"] == "body"
    finally:
        writer.close()
        logging.getLogger().removeHandler(records)
        await plans.stop()
