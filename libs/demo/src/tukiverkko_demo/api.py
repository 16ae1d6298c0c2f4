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
Registrar = Callable[[Org, str], Awaitable[Credentials]]
"""Register an organisation under a given id and an API client for it."""


def organisation_id(seed: int, org: Org) -> str:
    """A deterministic organisation id: the same seed names the same organisations."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"tukiverkko-demo:{seed}:{org.key}"))


async def admin_cli(org: Org, org_id: str) -> Credentials:
    """Register through the operator CLI, as the README tells an operator to."""
    args = ["org", "add", "--json", "--id", org_id, "--name", org.name, "--role", org.role]
    args += ["--sector", org.sector, "--region", org.region]
    if org.municipality:
        args += ["--municipality", org.municipality]
    # Exit code 2 means the id is registered already (an earlier, interrupted run): reuse it.
    await _admin(args, allowed=(0, 2))
    return await _admin(["client", "add", "--json", org_id, "--description", "tukiverkko-demo"])


async def _admin(args: list[str], allowed: tuple[int, ...] = (0,)) -> dict[str, Any]:
    done = await asyncio.to_thread(
        subprocess.run, ["tukiverkko-admin", *args], capture_output=True, text=True, check=False
    )
    if done.returncode not in allowed:
        raise SystemExit(f"tukiverkko-admin {args[0]} {args[1]} failed: {done.stderr.strip()}")
    return json.loads(done.stdout) if done.returncode == 0 else {}


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
