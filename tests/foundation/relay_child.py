"""A producer-only ledger process for the relay-crash fault test: its relay, nothing else.

Usage: python -m tests.foundation.relay_child DATABASE_URL BOOTSTRAP TOPIC NAME
"""

import sys

from tests.foundation.conftest import ledger_settings
from tests.foundation.ledger import ledger_spec
from tukiverkko_common.worker import run_worker


def main(database_url: str, bootstrap: str, topic: str, name: str) -> None:
    settings = ledger_settings(database_url, bootstrap, name, migrate_on_start=False)
    spec, _ = ledger_spec(settings, topic, consume=False)
    run_worker(spec)


if __name__ == "__main__":
    main(*sys.argv[1:5])
