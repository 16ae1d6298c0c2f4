"""The gateway's public API as the generator calls it: tokens per organisation, retries on 429."""

import asyncio
import json
import subprocess
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tukiverkko_demo.region import Org

Credentials = dict[str, str]
"""organisation_id, client_id, client_secret."""
Registrar = Callable[[list[tuple[Org, str]]], Awaitable[list[Credentials]]]
"""Register organisations under given ids and an API client for each, in that order."""


def organisation_id(seed: int, org: Org) -> str:
    """A deterministic organisation id: the same seed names the same organisations."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"tukiverkko-demo:{seed}:{org.key}"))


async def admin_cli(wanted: list[tuple[Org, str]]) -> list[Credentials]:
    """Register through the operator CLI, as the README tells an operator to: one `org import`
    for all of them (one process start, one transaction). An id registered by an earlier,
    interrupted run keeps its organisation and gets a new client."""
    items = [
        {"id": org_id, "name": org.name, "role": org.role, "sector": org.sector,
         "region": org.region, **({"municipality": org.municipality} if org.municipality else {})}
        for org, org_id in wanted
    ]  # fmt: skip
    done = await asyncio.to_thread(
        subprocess.run,
        ["tukiverkko-admin", "org", "import", "-", "--description", "tukiverkko-demo"],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"tukiverkko-admin org import failed: {done.stderr.strip()}")
    made: list[Credentials] = json.loads(done.stdout)
    return made


class Stopped(Exception):
    """The run was asked to stop (Ctrl-C): no new request is sent."""


STOP = asyncio.Event()
"""Set on Ctrl-C: requests in flight finish and are journaled, no new one starts."""


class Api:
    """Calls the gateway as one organisation's API client."""

    def __init__(self, http: httpx.AsyncClient, credentials: Credentials) -> None:
        self.http = http
        self.credentials = credentials
        self._token: str | None = None

    async def _headers(self) -> dict[str, str]:
        if self._token is None:
            form = {"grant_type": "client_credentials", **self._form()}
            response = await self._send("POST", "/api/v1/oauth/token", data=form)
            self._token = response.json()["access_token"]
        return {"Authorization": f"Bearer {self._token}"}

    def _form(self) -> dict[str, str]:
        c = self.credentials
        return {"client_id": c["client_id"], "client_secret": c["client_secret"]}

    async def call(self, method: str, path: str, **kw: Any) -> Any:
        headers = await self._headers()
        response = await self._send(method, path, headers=headers, unauthorised_ok=True, **kw)
        if response.status_code == 401:  # the token expired during a long (large) run
            self._token = None
            response = await self._send(method, path, headers=await self._headers(), **kw)
        return response.json() if response.content else None

    async def _send(
        self, method: str, path: str, unauthorised_ok: bool = False, **kw: Any
    ) -> httpx.Response:
        for attempt in range(8):
            if STOP.is_set():
                raise Stopped
            response = await self.http.request(method, path, **kw)
            if response.status_code not in (429, 502, 503, 504):
                break
            await asyncio.sleep(float(response.headers.get("retry-after", 0.2 * 2**attempt)))
        if response.status_code >= 400 and not (unauthorised_ok and response.status_code == 401):
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return response
