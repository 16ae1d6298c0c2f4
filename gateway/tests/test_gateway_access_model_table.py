"""The access-model table in the README, generated from `gateway.access_model`, and one test per
row and sector: the request the row describes, through the real gateway and services, must get
the row's answer and leave exactly the row's log entries."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from gateway_audit_helpers import audit_rows
from gateway_harness import OrgClient
from gateway_platform import Platform

from gateway.access_model import ACCESS_MODEL, README_END, README_START, Rule, markdown
from gateway.policy import REFERRAL_LEGAL_BASES
from tukiverkko_common.contracts.audit import AccessLogged, DataDisclosed

README = Path(__file__).parents[1] / "README.md"
ROLE_OF_SECTOR = {
    "wellbeing_region": "wellbeing_region",
    "municipal": "municipality",
    "third_sector": "ngo",
    "parish": "ngo",
    "private": "service_provider",
    "joint_authority": "service_provider",
}
VISIT = {
    "occurred_at": "2026-03-03T09:00:00+02:00",
    "minutes": 45,
    "worker_id": "wrk_" + "a" * 32,
    "method": "meeting",
}


def test_the_readme_shows_the_table_as_generated():
    text = README.read_text(encoding="utf-8")
    shown = text.split(README_START, 1)[1].split(README_END, 1)[0].strip()
    assert shown == markdown(), "regenerate the README section from gateway.access_model"


@dataclass
class World:
    caller: OrgClient
    client: dict[str, Any]
    plan: dict[str, Any]
    service: dict[str, Any] | None = None
    referral: dict[str, Any] | None = None


class Worlds:
    """Organisations (one per sector) and a client per (sector, relation, basis), made once."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.orgs: dict[str, OrgClient] = {}
        self.made: dict[tuple[str, str, str], World] = {}

    async def org(self, sector: str) -> OrgClient:
        if sector not in self.orgs:
            role = ROLE_OF_SECTOR[sector]
            extra = {"municipality": "286"} if role == "municipality" else {}
            extra |= {} if role in ("wellbeing_region", "municipality") else {"sector": sector}
            self.orgs[sector] = await self.platform.gateway.register(
                f"Taulukko {sector}", role, **extra
            )
        return self.orgs[sector]

    async def get(self, sector: str, relation: str, basis: str) -> World:
        key = (sector, relation, basis)
        if key not in self.made:
            self.made[key] = await self._make(sector, relation, basis)
        return self.made[key]

    async def _make(self, sector: str, relation: str, basis: str) -> World:
        p = self.platform
        region = await self.org("wellbeing_region")
        if sector == "wellbeing_region" and relation == "none":
            other = await p.gateway.register(
                "Taulukko toinen alue", "wellbeing_region", region="lappi"
            )
            client = await p.client(other)
            return World(region, client, await p.plan(other, client["id"]))
        caller = await self.org(sector)
        client = await p.client(region)
        world = World(caller, client, await p.plan(region, client["id"]))
        if relation == "producer":
            world.service = await p.service(region, world.plan["id"], caller.id)
            if basis == "consent":
                await p.grant(region, client["id"], caller.id, ["plan"])
                await p.grant(
                    region,
                    client["id"],
                    caller.id,
                    ["identity", "service_delivery"],
                    "disclosure_to_organisation",
                )
        if relation == "referral":
            if basis == "consent":
                await p.grant(
                    region,
                    client["id"],
                    caller.id,
                    ["service_delivery"],
                    "disclosure_to_organisation",
                )
            world.referral = await p.referral(region, world.plan["id"], caller.id, basis=basis)
        return world


async def _probe(platform: Platform, data: str, world: World) -> httpx.Response:
    gw, c, plan = platform.gateway, world.client, world.plan
    visits = f"/api/v1/plans/{plan['id']}/visits"
    if data == "client":
        return await gw.call(world.caller, "GET", f"/api/v1/clients/{c['id']}")
    if data == "identity_code":
        path = f"/api/v1/clients/{c['id']}"
        return await gw.call(world.caller, "GET", path, params={"include": "identity"})
    if data == "plan":
        return await gw.call(world.caller, "GET", f"/api/v1/plans/{plan['id']}")
    if data == "delivery_log":
        return await gw.call(world.caller, "GET", visits)
    if data == "own_visit":
        assert world.service is not None
        return await gw.call(
            world.caller, "POST", visits, json=VISIT | {"service_id": world.service["id"]}
        )
    if data == "organiser_visit":
        return await gw.call(world.caller, "POST", visits, json=VISIT)
    assert data == "referral" and world.referral is not None
    return await gw.call(world.caller, "GET", f"/api/v1/referrals/{world.referral['id']}")


@pytest.fixture(scope="session")
async def worlds(platform: Platform) -> Worlds:
    return Worlds(platform)


CASES = [(rule, sector) for rule in ACCESS_MODEL for sector in rule.sectors]


@pytest.mark.parametrize(
    ("rule", "sector"),
    CASES,
    ids=[f"{s}-{r.relation}-{r.basis}-{r.data}" for r, s in CASES],
)
async def test_row(platform: Platform, worlds: Worlds, rule: Rule, sector: str):
    world = await worlds.get(sector, rule.relation, rule.basis)
    response = await _probe(platform, rule.data, world)
    assert response.status_code == rule.status, response.text
    request_id = response.headers["x-request-id"]
    entries = [
        e
        for e in await audit_rows(platform.gateway, world.client["id"])
        if e["request_id"] == request_id
    ]
    kinds = sorted(e["type"] for e in entries)
    expected = {
        "use": [AccessLogged.event_type],
        "use+disclosure": sorted([AccessLogged.event_type, DataDisclosed.event_type]),
        "none": [],
    }[rule.logged]
    assert kinds == expected
    assert all(
        e["organisation_id"] == world.caller.id
        for e in entries
        if e["type"] == AccessLogged.event_type
    )
    for disclosed in (e for e in entries if e["type"] == DataDisclosed.event_type):
        assert disclosed["recipient_organisation_id"] == world.caller.id
        assert disclosed["legal_basis"] == REFERRAL_LEGAL_BASES[rule.basis]
        assert bool(disclosed["consent_ids"]) == (rule.basis == "consent")
