"""No request waits for a worker thread before its handler runs.

FastAPI runs a plain `def` dependency (or endpoint) in a worker thread. A dependency that
only reads a header or the app's state then costs a thread hop, and the thread needs the
interpreter lock that a busy event loop holds: up to the switch interval (5 ms) per request.
The scope header alone did this on every search and match of the resources service.
"""

import importlib
import inspect
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from tests.foundation.layout_rules import deployables

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(deployables(ROOT))


def on_thread(call: Any) -> bool:
    return not (inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call))


def thread_bound(dependant: Any) -> Iterator[str]:
    """Yield each dependency of the tree that FastAPI would run in a worker thread."""
    for sub in dependant.dependencies:
        if on_thread(sub.call):
            yield f"{sub.call.__module__}.{sub.call.__qualname__}"
        yield from thread_bound(sub)


@pytest.mark.parametrize("name", NAMES)
def test_every_route_solves_its_dependencies_and_runs_on_the_event_loop(name, monkeypatch):
    monkeypatch.setenv("TUKIVERKKO_ENV", "development")
    app = importlib.import_module(f"{name}.main").create_app()
    compiling = [t for t in threading.enumerate() if t.name == "brandes-compile"]
    for thread in compiling:
        # The network service compiles its kernel in the background, and the compiler sets the
        # process's locale to C meanwhile: a test reading a file in the locale's encoding then
        # reads ASCII. Done here, the compilation ends before the next test starts.
        thread.join()
    routes = [route for route in app.routes if isinstance(route, APIRoute)]
    assert routes, f"{name} has no API routes"
    found = {
        f"{route.path}: {where}"
        for route in routes
        for where in (
            [*thread_bound(route.dependant)] + (["endpoint"] if on_thread(route.endpoint) else [])
        )
    }
    assert sorted(found) == []
