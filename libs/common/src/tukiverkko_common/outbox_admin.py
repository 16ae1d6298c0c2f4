"""Operator access to a service's parked outbox rows: list them, release them.

A service's database is found through its own settings convention (`<NAME>_DATABASE_URL`,
else `<name>.db` under TUKIVERKKO_DATA_DIR), so the admin command needs no service's code.
`tukiverkko-admin outbox …` (`make admin ARGS="outbox parked --service plans"`) delegates
here; `python -m tukiverkko_common.outbox_admin` works too.
"""

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import TypeVar

from pydantic_settings import SettingsConfigDict
from sqlalchemy import MetaData
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from tukiverkko_common.db import create_engine, is_sqlite
from tukiverkko_common.outbox_parking import ParkedRow, list_parked, release
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.tables import MessagingTables, define_messaging_tables

SERVICE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
T = TypeVar("T")


def service_settings(service: str) -> ServiceSettings:
    """Return the settings a service named `service` reads (its env prefix is its name)."""
    if not SERVICE_NAME.match(service):
        raise ValueError(f"not a service name: {service!r}")
    config = SettingsConfigDict(
        env_prefix=f"{service.upper()}_", extra="ignore", populate_by_name=True
    )
    settings_class = type("AdminSettings", (ServiceSettings,), {"model_config": config})
    return settings_class(service_name=service)


def _with_engine(service: str, work: Callable[[AsyncEngine, MessagingTables], Awaitable[T]]) -> T:
    url = service_settings(service).effective_database_url
    database = make_url(url).database
    if is_sqlite(url) and database and not Path(database).exists():
        raise LookupError(f"no database for {service} at {database}")

    async def main() -> T:
        engine = create_engine(url)
        try:
            return await work(engine, define_messaging_tables(MetaData()))
        finally:
            await engine.dispose()

    return asyncio.run(main())


def parked(service: str) -> list[ParkedRow]:
    """Return the service's parked rows, oldest first."""
    return _with_engine(service, list_parked)


def release_parked(service: str, seqs: list[int] | None) -> int:
    """Release the given parked rows (all when None); the relay publishes them in order."""
    return _with_engine(service, lambda engine, tables: release(engine, tables, seqs))


def format_parked(rows: list[ParkedRow], as_json: bool) -> str:
    """Return the rows as JSON or as one line each (no payloads: they may hold personal data)."""
    if as_json:
        return json.dumps([asdict(r) for r in rows], default=str, indent=2)
    if not rows:
        return "no parked rows"
    return "\n".join(
        f"{r.seq}  {r.event_type}  topic={r.topic}  attempts={r.attempts}"
        f"  parked={r.parked_at:%Y-%m-%d %H:%M:%S}  waiting={r.waiting}  error={r.error}"
        for r in rows
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: `parked --service NAME [--json]` or `release --service NAME (SEQ… | --all)`."""
    parser = argparse.ArgumentParser(prog="outbox", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("parked", help="list parked rows")
    listing.add_argument("--service", required=True)
    listing.add_argument("--json", action="store_true")
    releasing = commands.add_parser("release", help="release parked rows for publishing")
    releasing.add_argument("--service", required=True)
    releasing.add_argument("seq", nargs="*", type=int)
    releasing.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "release" and bool(args.seq) == args.all:
        parser.error("release takes row numbers (seq) or --all, not both")
    try:
        return _command(args)
    except (ValueError, LookupError, SQLAlchemyError) as exc:
        # No traceback and no SQL: the operator needs the cause, and rows may hold personal data.
        print(f"outbox {args.command}: {_reason(exc)}", file=sys.stderr)
        return 2


def _command(args: argparse.Namespace) -> int:
    if args.command == "parked":
        print(format_parked(parked(args.service), args.json))
        return 0
    count = release_parked(args.service, None if args.all else args.seq)
    print(f"released {count} row(s); the relay publishes them, then their keys' waiting rows")
    return 0 if count else 1


def _reason(exc: Exception) -> str:
    if isinstance(exc, SQLAlchemyError):
        return (
            f"the service's database has no usable outbox ({type(exc).__name__}); "
            "check <SERVICE>_DATABASE_URL / TUKIVERKKO_DATA_DIR, and start the service once "
            "so that its migrations run"
        )
    return str(exc)


if __name__ == "__main__":
    sys.exit(main())
