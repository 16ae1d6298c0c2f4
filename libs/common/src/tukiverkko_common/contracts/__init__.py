"""Published event contracts, one module per producing service.

Only the producing service edits its module. Changes are additive; a breaking change is
a new `.vN` event type. Each module names its `TOPIC` and `TOPIC_DESCRIPTION`; importing
this package imports every module in it, which registers every contract (for consumers,
the JSON Schema export and the AsyncAPI document) — a new service's module needs no edit
here.
"""

import importlib
import pkgutil

MODULES = [
    importlib.import_module(f"{__name__}.{info.name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    if not info.name.startswith("_")
]

TOPICS: dict[str, str] = {module.TOPIC: module.TOPIC_DESCRIPTION for module in MODULES}
"""Topic → what flows on it, for every producing service."""

__all__ = ["MODULES", "TOPICS"]
