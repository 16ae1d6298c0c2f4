"""The admin CLI registers organisations and clients; the secret it prints once gets a token."""

import asyncio
import json
from pathlib import Path

from gateway_harness import gateway_settings, running_gateway
from typer.testing import CliRunner

from gateway.admin import app as admin_app
from gateway.main import create_app
from tukiverkko_common.testing.plugin import unique_topic_suffix


async def _admin(db_url: str, *args: str) -> tuple[int, str, str]:
    """Run `tukiverkko-admin ARGS` (in a thread: the CLI runs its own event loop)."""
    env = {"GATEWAY_DATABASE_URL": db_url, "TUKIVERKKO_ENV": "development"}
    result = await asyncio.to_thread(CliRunner().invoke, admin_app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


async def test_an_organisation_and_client_registered_with_the_cli_can_get_a_token(
    database_url: str, bootstrap_servers: str
):
    code, out, err = await _admin(
        database_url,
        "org",
        "add",
        "--name",
        "Kårkulla samkommun",
        "--role",
        "wellbeing_region",
        "--region",
        "varsinais-suomi",
        "--business-id",
        "0245437-2",
        "--scope",
        "plans:read",
        "--scope",
        "clients:read",
        "--json",
    )
    assert code == 0, err
    org = json.loads(out)
    assert org["scopes"] == ["clients:read", "plans:read"]
    code, out, err = await _admin(database_url, "client", "add", org["id"], "--json")
    assert code == 0, err
    client = json.loads(out)
    code, listed, _ = await _admin(database_url, "client", "list", "--json")
    assert client["client_secret"] not in listed, "secrets are never shown again"
    settings = gateway_settings(
        database_url, bootstrap_servers, f"gateway-{unique_topic_suffix()}", {}
    )
    async with running_gateway(settings, create_app) as gateway:
        token = await gateway.http.post(
            "/api/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client["client_id"],
                "client_secret": client["client_secret"],
            },
        )
        assert token.status_code == 200, token.text
        me = await gateway.http.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}
        )
        assert me.json()["organisation_id"] == org["id"]


async def test_the_cli_refuses_scopes_outside_the_role_and_invalid_business_ids(tmp_path: Path):
    db = f"sqlite+aiosqlite:///{tmp_path / 'admin.db'}"
    code, _, err = await _admin(
        db, "org", "add", "--name", "Kojelauta", "--role", "dashboard", "--scope", "plans:read"
    )
    assert code == 2 and "plans:read" in err
    code, _, err = await _admin(
        db,
        "org",
        "add",
        "--name",
        "Väärä Oy",
        "--role",
        "service_provider",
        "--business-id",
        "0245437-3",
    )
    assert code == 2 and "Y-tunnus" in err


async def test_org_import_registers_many_in_one_go_and_a_wrong_item_registers_none(
    tmp_path: Path,
):
    db = f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}"
    ngo = "01900000-0000-7000-8000-00000000d001"
    listing = tmp_path / "orgs.json"
    listing.write_text(
        json.dumps(
            [
                {"id": ngo, "name": "Tukiyhdistys ry", "role": "ngo", "region": "etela-savo"},
                {"name": "Mikkelin kaupunki", "role": "municipality", "municipality": "491"},
            ]
        )
    )
    code, out, err = await _admin(db, "org", "import", str(listing))
    assert code == 0, err
    made = json.loads(out)
    assert made[0]["organisation_id"] == ngo and len(made) == 2
    code, again, err = await _admin(db, "org", "import", str(listing))
    assert code == 0, err
    assert json.loads(again)[0]["organisation_id"] == ngo, "a rerun keeps the organisation"
    assert json.loads(again)[0]["client_id"] != made[0]["client_id"], "and gets a new client"
    _, orgs, _ = await _admin(db, "org", "list", "--json")
    assert [o["name"] for o in json.loads(orgs)].count("Tukiyhdistys ry") == 1

    listing.write_text(
        json.dumps(
            [
                {"name": "Uusi yhdistys ry", "role": "ngo", "region": "etela-savo"},
                {"name": "Väärä", "role": "ngo", "region": "etela-savo", "password": "x"},
            ]
        )
    )
    code, _, err = await _admin(db, "org", "import", str(listing))
    assert code == 2 and "item 1" in err and "password" in err, err
    _, orgs, _ = await _admin(db, "org", "list", "--json")
    assert "Uusi yhdistys ry" not in orgs, "one wrong item registers nothing"
