"""tukiverkko-admin: register organisations and their API clients in the gateway's database.

Reads the same settings as the gateway (GATEWAY_DATABASE_URL or TUKIVERKKO_DATA_DIR) and
migrates the database first. A client's secret is printed once and stored only hashed.
"""

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from gateway.auth.keys import generate_pem
from gateway.config import GatewaySettings
from gateway.main import MIGRATIONS
from gateway.models import api_clients, organisations
from gateway.policy import ROLE_SCOPES, SECTORS
from gateway.pseudonym import Pseudonymiser
from gateway.registry import (
    Organisation,
    RegistrationError,
    register_client,
    register_organisation,
    revoke_client,
)
from tukiverkko_common import outbox_admin
from tukiverkko_common.db import WRITE, create_engine, session_factory
from tukiverkko_common.migrations import upgrade

app = typer.Typer(help=__doc__, no_args_is_help=True)
orgs = typer.Typer(help="Organisations", no_args_is_help=True)
clients = typer.Typer(help="API clients", no_args_is_help=True)
app.add_typer(orgs, name="org")
app.add_typer(clients, name="client")
T = TypeVar("T")


def _run(work: Callable[[Any], Awaitable[T]]) -> T:
    """Migrate, open a write session, run `work`, commit; turn rule violations into exit code 2."""
    settings = GatewaySettings()

    async def main() -> T:
        await asyncio.to_thread(upgrade, MIGRATIONS, settings.effective_database_url)
        engine = create_engine(settings.effective_database_url)
        try:
            async with session_factory(engine)() as session:
                await session.connection(execution_options=WRITE)
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    try:
        return asyncio.run(main())
    except (RegistrationError, IntegrityError, LookupError) as exc:
        message = (
            "already registered (duplicate id, X-Road client or OIDC alias)"
            if isinstance(exc, IntegrityError)
            else str(exc)
        )
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(2) from exc


def _emit(data: Any, as_json: bool, text: str) -> None:
    typer.echo(json.dumps(data, indent=2, default=str) if as_json else text)


@orgs.command("add")
def org_add(
    name: Annotated[str, typer.Option(help="Organisation name")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(sorted(ROLE_SCOPES))}")],
    scope: Annotated[
        list[str] | None, typer.Option(help="Scope (repeat); default: all the role allows")
    ] = None,
    sector: Annotated[
        str | None,
        typer.Option(help=f"One of: {', '.join(SECTORS)}; default: the role's usual sector"),
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Wellbeing region code (required for a region)")
    ] = None,
    municipality: Annotated[
        str | None, typer.Option(help="Municipality code (required for a municipality)")
    ] = None,
    business_id: Annotated[str | None, typer.Option(help="Y-tunnus, e.g. 0245437-2")] = None,
    xroad_client: Annotated[
        str | None, typer.Option(help="X-Road client id INSTANCE/CLASS/CODE/SUBSYSTEM")
    ] = None,
    oidc_organisation: Annotated[
        str | None, typer.Option(help="Value of the OIDC organisation claim")
    ] = None,
    organisation_id: Annotated[
        str | None, typer.Option("--id", help="Use this UUID (e.g. the plans owner id)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Register an organisation."""

    async def work(session: Any) -> Organisation:
        return await register_organisation(
            session,
            name=name,
            role=role,
            scopes=scope or None,
            business_id=business_id,
            region=region,
            municipality=municipality,
            sector=sector,
            xroad_client=xroad_client,
            oidc_organisation=oidc_organisation,
            organisation_id=organisation_id,
        )

    org = _run(work)
    data = {
        "id": org.id,
        "name": org.name,
        "role": org.role,
        "sector": org.sector,
        "scopes": sorted(org.scopes),
    }
    _emit(
        data,
        as_json,
        f"organisation {org.id} ({org.role}, {org.sector}) registered with scopes: "
        f"{' '.join(sorted(org.scopes))}",
    )


@orgs.command("list")
def org_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List organisations."""

    async def work(session: Any) -> list[Any]:
        return [
            dict(r._mapping)
            for r in await session.execute(select(organisations).order_by(organisations.c.name))
        ]

    rows = _run(work)
    _emit(
        rows,
        as_json,
        "\n".join(f"{r['id']}  {r['role']:<17} {r['sector']:<16} {r['name']}" for r in rows)
        or "(none)",
    )


IMPORT_FIELDS = {"id", "name", "role", "sector", "region", "municipality", "business_id", "scopes"}


async def _organisation(session: Any, organisation_id: str | None) -> Organisation | None:
    query = select(organisations).where(organisations.c.id == organisation_id)
    row = (await session.execute(query)).first()
    return None if row is None else Organisation.from_mapping(row._mapping)


def _import_items(source: str) -> list[dict[str, Any]]:
    """Read and check the list `org import` was given; a wrong item stops the whole import."""
    try:
        items = json.loads(sys.stdin.read() if source == "-" else Path(source).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise RegistrationError(f"{source}: not a readable JSON list ({exc})") from exc
    if not isinstance(items, list):
        raise RegistrationError(f"{source}: expected a JSON list of organisations")
    for n, item in enumerate(items):
        unknown = set(item) - IMPORT_FIELDS if isinstance(item, dict) else {"(not an object)"}
        if unknown or not {"name", "role"} <= set(item):
            raise RegistrationError(
                f"item {n}: unknown fields {sorted(unknown)}"
                if unknown
                else f"item {n}: name and role are required"
            )
        if item["role"] not in ROLE_SCOPES:
            raise RegistrationError(
                f"item {n}: role must be one of {', '.join(sorted(ROLE_SCOPES))}"
            )
    return items


@orgs.command("import")
def org_import(
    source: Annotated[str, typer.Argument(help="A JSON file with a list of organisations, or -")],
    description: Annotated[str | None, typer.Option(help="What system uses the clients")] = None,
) -> None:
    """Register many organisations, one API client each, in one transaction; print the
    credentials as JSON. Items take the fields of `org add` (id, name, role, sector, region,
    municipality, business_id, scopes); an id registered already keeps its organisation and gets
    a new client (a rerun after an interrupt). One wrong item registers nothing."""

    async def work(session: Any) -> list[dict[str, str]]:
        made = []
        for item in _import_items(source):  # read inside: a wrong list exits 2 like a rule
            fields = {k: v for k, v in item.items() if k != "id"}
            org = await _organisation(session, item.get("id")) or await register_organisation(
                session, organisation_id=item.get("id"), **fields
            )
            client_id, secret = await register_client(
                session, organisation=org, description=description
            )
            made.append(
                {"organisation_id": org.id, "client_id": client_id, "client_secret": secret}
            )
        return made

    _emit(_run(work), True, "")


@clients.command("add")
def client_add(
    organisation_id: Annotated[str, typer.Argument(help="Organisation id")],
    scope: Annotated[
        list[str] | None, typer.Option(help="Scope (repeat); default: the organisation's")
    ] = None,
    description: Annotated[str | None, typer.Option(help="What system uses it")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create an API client; its secret is shown only now."""

    async def work(session: Any) -> tuple[str, str]:
        org = await _organisation(session, organisation_id)
        if org is None:
            raise LookupError(f"no organisation {organisation_id}")
        return await register_client(
            session, organisation=org, scopes=scope or None, description=description
        )

    client_id, secret = _run(work)
    _emit(
        {"client_id": client_id, "client_secret": secret, "organisation_id": organisation_id},
        as_json,
        f"client_id:     {client_id}\nclient_secret: {secret}\n(the secret is not shown again)",
    )


@clients.command("list")
def client_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List API clients (never their secrets)."""

    async def work(session: Any) -> list[dict[str, Any]]:
        c = api_clients
        query = select(
            c.c.client_id, c.c.organisation_id, c.c.scopes, c.c.description, c.c.revoked_at
        )
        return [dict(r._mapping) for r in await session.execute(query.order_by(c.c.created_at))]

    rows = _run(work)
    text = "\n".join(
        f"{r['client_id']}  org {r['organisation_id']}  {'revoked' if r['revoked_at'] else 'active'}"
        for r in rows
    )
    _emit(rows, as_json, text or "(none)")


@clients.command("revoke")
def client_revoke(client_id: Annotated[str, typer.Argument()]) -> None:
    """Revoke a client: no new tokens, and its live tokens stop working within seconds."""

    async def work(session: Any) -> bool:
        return await revoke_client(session, client_id)

    if not _run(work):
        typer.echo(f"error: no active client {client_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"client {client_id} revoked")


@app.command("keygen")
def keygen() -> None:
    """Print a new Ed25519 signing key (PEM) for GATEWAY_SIGNING_KEY."""
    typer.echo(generate_pem(), nl=False)


@app.command("pseudonym")
def pseudonym(
    value: Annotated[str, typer.Argument(help="A user id as the IdP or X-Road-UserId gave it")],
    source: Annotated[str, typer.Option(help="x-road, or the OIDC issuer URL")] = "x-road",
) -> None:
    """Print the pseudonymous user id the access log holds for a user (for a data subject's request)."""
    typer.echo(
        Pseudonymiser(GatewaySettings().pseudonym_key.get_secret_value()).user(source, value)
    )


@app.command("outbox", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def outbox(ctx: typer.Context) -> None:
    """Parked outbox rows of a service: `outbox parked --service plans [--json]`,
    `outbox release --service plans <seq…|--all>` (see tukiverkko_common.outbox_admin)."""
    raise typer.Exit(outbox_admin.main(ctx.args))


def main() -> None:
    """Console script entry point."""
    app()
