"""The catalogue of upstream operations the gateway exposes, each with its access rule.

Deny by default: an upstream operation that is not listed here does not exist at the
gateway, and `build_router` refuses a route whose path ids have no ownership check.

One module per upstream (`plans.py`, `consent.py`, and one for each service that joins),
each with three names, collected here without an edit to this file:

- `ROUTES`: the operations, built with `route._r` (see `route.ProxyRoute` for the anchors:
  how the gateway finds whose data an operation touches);
- `PATH_KINDS`: path parameter (or body/query field an anchor names) → (service, ownership
  kind its `ownership.py` answers); a parameter belongs to one module only;
- `NOT_EXPOSED`: operations the gateway uses but never exposes, with the reason.

A test compares the routes and `NOT_EXPOSED` with each service's live OpenAPI, so a new
upstream operation fails the suite until someone decides its rule.
"""

import importlib
import pkgutil
from types import ModuleType

from gateway.catalog.route import (
    AREA_READERS,
    CLIENT_PARAM,
    EVERYONE,
    OWNERS,
    OWNERS_AND_RECIPIENTS,
    RECIPIENTS,
    ProxyRoute,
    _r,
)

FIRST = ("plans", "consent")
"""Modules whose routes come first (the order the router matches and the documents list)."""
HELPERS = frozenset({"route"})


def _modules() -> list[ModuleType]:
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name not in HELPERS)
    ordered = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
    return [importlib.import_module(f"{__name__}.{name}") for name in ordered]


def _collect(
    modules: list[ModuleType],
) -> tuple[list[ProxyRoute], dict[str, tuple[str, str]], dict[tuple[str, str, str], str]]:
    """Join the modules' tables; refuse a parameter or an operation declared twice."""
    routes: list[ProxyRoute] = []
    kinds: dict[str, tuple[str, str]] = {}
    hidden: dict[tuple[str, str, str], str] = {}
    seen: set[tuple[str, str]] = set()
    for module in modules:
        for param, kind in module.PATH_KINDS.items():
            if param in kinds and kinds[param] != kind:
                raise ValueError(
                    f"{module.__name__}: path parameter {param} is already {kinds[param]}"
                )
            kinds[param] = kind
        for route in module.ROUTES:
            if (route.method, route.path) in seen:
                raise ValueError(
                    f"{module.__name__}: {route.method} {route.path} is catalogued twice"
                )
            seen.add((route.method, route.path))
            routes.append(route)
        hidden.update(module.NOT_EXPOSED)
    return routes, kinds, hidden


def _tags(modules: list[ModuleType], routes: list[ProxyRoute]) -> list[dict[str, str]]:
    """One OpenAPI tag per upstream, described by its module's docstring (first paragraph)."""
    described = {
        m.__name__.rpartition(".")[2]: " ".join((m.__doc__ or "").strip().split("\n\n")[0].split())
        for m in modules
    }
    upstreams = list(dict.fromkeys(route.upstream for route in routes))
    return [
        {"name": name, "description": described.get(name) or f"The {name} service"}
        for name in upstreams
    ]


_MODULES = _modules()
ROUTES, PATH_KINDS, NOT_EXPOSED = _collect(_MODULES)
"""Every catalogued operation; path parameter → (service, kind); operations kept unexposed."""
UPSTREAM_TAGS = _tags(_MODULES, ROUTES)
"""The OpenAPI tags of the catalogued operations (each tagged with its upstream)."""

__all__ = [
    "AREA_READERS",
    "CLIENT_PARAM",
    "EVERYONE",
    "NOT_EXPOSED",
    "OWNERS",
    "OWNERS_AND_RECIPIENTS",
    "PATH_KINDS",
    "RECIPIENTS",
    "ROUTES",
    "UPSTREAM_TAGS",
    "ProxyRoute",
    "_r",
]
