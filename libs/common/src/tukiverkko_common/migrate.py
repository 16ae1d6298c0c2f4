"""`python -m tukiverkko_common.migrate plans.main:create_app` — apply a service's migrations and exit.

Used by the Kubernetes init container and by operators; `make run` migrates on start.
"""

import asyncio
import importlib
import sys

from fastapi import FastAPI


def load_app(target: str) -> FastAPI:
    """Import `module:factory` and build the app (settings come from the environment)."""
    module_name, _, factory = target.partition(":")
    return getattr(importlib.import_module(module_name), factory or "create_app")()


def main(argv: list[str] | None = None) -> int:
    """Apply migrations to head for the app named on the command line."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tukiverkko_common.migrate <module:create_app>", file=sys.stderr)
        return 2
    runtime = load_app(args[0]).state.runtime
    if runtime.spec.migrations is None:
        print(f"{runtime.spec.name} has no migrations", file=sys.stderr)
        return 1
    asyncio.run(runtime.start_migrations())
    print(f"{runtime.spec.name}: migrations applied")
    return 0


if __name__ == "__main__":
    sys.exit(main())
